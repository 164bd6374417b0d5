/// A Markdown summary sized for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY).
public enum MarkdownReporter {
    public static func render(_ r: ParityReport) -> String {
        let icon = r.verdict == .pass ? "✅" : r.verdict == .fail ? "❌" : "⚠️"
        var s = "### \(icon) Parity: \(r.model.name) — \(r.verdict.rawValue.uppercased())\n\n"
        s += "\(r.model.framework) · exporter `\(r.model.exporter)` · opset \(r.model.opset) · atol \(Format.sci(r.tolerance.atol)) · rtol \(Format.sci(r.tolerance.rtol))\n\n"
        if let e = r.error { s += "> \(escape(e))\n\n" }
        if !r.cases.isEmpty {
            s += "| batch | output | shape | max abs | max rel | err/scale | top-1 | result |\n"
            s += "|---:|---|---|---:|---:|---:|---:|---|\n"
            for c in r.cases {
                for o in c.outputs {
                    s += "| \(c.batch) | `\(escape(o.name))` | \(Format.shape(o.shape)) | \(Format.sci(o.maxAbsError)) | \(Format.sci(o.maxRelError)) | \(Format.sci(o.errorToScale)) | \(Format.pct(o.top1Agreement)) | \(o.passed ? "pass" : "**FAIL**") |\n"
                }
            }
            s += "\n"
            for c in r.cases { for o in c.outputs { if let f = o.failure { s += "- batch \(c.batch) `\(escape(o.name))`: \(escape(f))\n" } } }
            for c in r.cases {
                for o in c.outputs {
                    if let a = o.labelAgreement { s += String(format: "- batch %d `%@`: label agreement %.2f%%\n", c.batch, escape(o.name), a * 100) }
                    if let e = o.explained { s += "- batch \(c.batch) `\(escape(o.name))`: \(escape(e))\n" }
                }
            }
        }
        if !r.notes.isEmpty {
            s += "\n<details><summary>Notes</summary>\n\n" + r.notes.map { "- \(escape($0))\n" }.joined() + "\n</details>\n"
        }
        return s
    }

    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
