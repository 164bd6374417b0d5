/// The compact table and verdict line printed on the console.
public enum ConsoleReporter {
    public static func render(_ r: ParityReport) -> String {
        var lines: [String] = []
        lines.append("model     \(r.model.name) (\(r.model.source), \(r.model.parameters) parameters)")
        lines.append("export    \(r.model.framework), exporter \(r.model.exporter), opset \(r.model.opset)\(r.model.onnxPath.map { " -> \($0)" } ?? "")")
        for n in r.notes { lines.append("note      \(n)") }
        if !r.cases.isEmpty {
            let header = ["batch", "output", "shape", "max abs", "max rel", "mean abs", "err/scale", "top-1", "result"]
            var rows: [[String]] = []
            for c in r.cases {
                for o in c.outputs {
                    rows.append([String(c.batch), o.name, Format.shape(o.shape), Format.sci(o.maxAbsError), Format.sci(o.maxRelError),
                                 Format.sci(o.meanAbsError), Format.sci(o.errorToScale), Format.pct(o.top1Agreement),
                                 o.passed ? "pass" : "FAIL"])
                }
            }
            let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
            func fmt(_ row: [String]) -> String {
                row.enumerated().map { i, s in s.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingTrailingSpaces()
            }
            lines.append("")
            lines.append(fmt(header))
            for row in rows { lines.append(fmt(row)) }
            for c in r.cases { for o in c.outputs { if let f = o.failure { lines.append("  batch \(c.batch) '\(o.name)': \(f)") } } }
            for c in r.cases {
                for o in c.outputs {
                    if let a = o.labelAgreement { lines.append(String(format: "  batch %d '%@': label agreement %.2f%%", c.batch, o.name, a * 100)) }
                    if let e = o.explained { lines.append("  batch \(c.batch) '\(o.name)': \(e)") }
                }
                if let t = c.thresholdRows, t > 0 { lines.append("  batch \(c.batch): \(t) rows on a tree path that float32 thresholds change") }
            }
            lines.append("")
        }
        lines.append(Format.verdictLine(r))
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
