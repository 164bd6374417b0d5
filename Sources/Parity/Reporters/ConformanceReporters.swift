import Foundation

/// The console summary of a conformance run: counts by suite and status, the node pass
/// rate against the target, the ops costing the most non-passing cases with the reason,
/// and the manifest check.
public enum ConformanceConsoleReporter {
    public static func render(_ r: ConformanceReport, topOps: Int = 10, listLimit: Int = 50) -> String {
        var lines: [String] = []
        let suites = r.suites.map(\.rawValue).joined(separator: ", ")
        lines.append("conformance \(suites)\(r.filter.map { " (filter \($0))" } ?? ""): \(r.counts.total) cases, "
                     + String(format: "%.1f s, %d workers", r.seconds, r.workers))
        lines.append("")
        let header = ["suite", "cases", "pass", "fail", "unsupported", "error", "pass rate"]
        var rows = r.perSuite.map { s in
            [s.suite.rawValue, "\(s.counts.total)", "\(s.counts.pass)", "\(s.counts.fail)", "\(s.counts.unsupported)",
             "\(s.counts.error)", String(format: "%.1f%%", s.counts.passRate * 100)]
        }
        if r.perSuite.count > 1 {
            let c = r.counts
            rows.append(["all", "\(c.total)", "\(c.pass)", "\(c.fail)", "\(c.unsupported)", "\(c.error)", String(format: "%.1f%%", c.passRate * 100)])
        }
        lines += table(header, rows, rightAlign: Set(1..<header.count))
        if let node = r.nodeCounts, node.total > 0 {
            let target = Int((r.targetPassRate * Double(node.total)).rounded(.up))
            let gap = max(0, target - node.pass)
            lines.append("")
            lines.append(String(format: "node pass rate %.1f%% (%d of %d); the %.0f%% target is %d cases", node.passRate * 100, node.pass,
                                node.total, r.targetPassRate * 100, target) + (gap > 0 ? ", \(gap) to go" : ", reached"))
        }
        let top = r.topOps(topOps)
        if !top.isEmpty {
            lines.append("")
            lines.append("ops that cost the most non-passing cases:")
            lines += table(["op", "not passing", "of", "reason"],
                           top.map { [$0.op, "\($0.nonPassing)", "\($0.counts.total)", $0.reason ?? ""] },
                           rightAlign: [1, 2]).map { "  " + $0 }
        }
        if let m = r.manifest {
            lines.append("")
            lines.append("manifest \(m.path ?? ""): \(m.regressions.count) regressions, \(m.missing.count) missing, "
                         + "\(m.newlyPassing.count) newly passing, \(m.unlisted.count) not listed")
            for g in m.regressions.prefix(listLimit) {
                lines.append("  REGRESSION \(g.id): \(g.status.rawValue)\(g.message.map { ": \($0)" } ?? "")")
            }
            if m.regressions.count > listLimit { lines.append("  ... \(m.regressions.count - listLimit) more regressions (see --report)") }
            for id in m.missing.prefix(listLimit) { lines.append("  MISSING    \(id): listed as passing, not in the data") }
            for id in m.newlyPassing.prefix(listLimit) { lines.append("  NEW PASS   \(id)") }
            if m.newlyPassing.count > listLimit { lines.append("  ... \(m.newlyPassing.count - listLimit) more newly passing (--write-manifest adds them)") }
            lines.append("")
            lines.append(m.failed
                         ? "FAIL conformance: \(m.regressions.count + m.missing.count) manifest cases no longer pass"
                         : "PASS conformance: no manifest case regressed" + (m.newlyPassing.isEmpty ? "" : "; run with --write-manifest to record \(m.newlyPassing.count) new passes"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func table(_ header: [String], _ rows: [[String]], rightAlign: Set<Int>) -> [String] {
        let widths = header.indices.map { i in ([header[i]] + rows.map { i < $0.count ? $0[i] : "" }).map(\.count).max() ?? 0 }
        func fmt(_ row: [String]) -> String {
            row.enumerated().map { i, s in
                let pad = String(repeating: " ", count: max(0, widths[i] - s.count))
                return rightAlign.contains(i) ? pad + s : (i == row.count - 1 ? s : s + pad)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return [fmt(header)] + rows.map(fmt)
    }
}

/// The JSON conformance report, sorted keys.
public enum ConformanceJSONReporter {
    public static func render(_ r: ConformanceReport) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try enc.encode(r), as: UTF8.self) + "\n"
    }

    public static func decode(_ data: Data) throws -> ConformanceReport {
        let dec = JSONDecoder()
        dec.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try dec.decode(ConformanceReport.self, from: data)
    }
}

/// JUnit XML: one testsuite per backend suite, one testcase per case. A fail is a
/// <failure>, an error an <error>, an unsupported case <skipped> with its reason.
public enum ConformanceJUnitReporter {
    public static func render(_ r: ConformanceReport) -> String {
        var suites: [String] = []
        for s in r.perSuite {
            let cases = r.results.filter { $0.suite == s.suite }
            var body: [String] = []
            for c in cases {
                let name = JUnitReporter.xml(c.name)
                let cls = "conformance.\(s.suite.rawValue)"
                let msg = JUnitReporter.xml(c.message ?? "")
                let time = String(format: "%.3f", c.seconds)
                switch c.status {
                case .pass:
                    body.append("    <testcase classname=\"\(cls)\" name=\"\(name)\" time=\"\(time)\"/>")
                case .fail:
                    var detail = c.message ?? ""
                    if let w = c.worst {
                        detail += "\nworst element \(w.worstPosition.map { "\($0)" } ?? "-") of '\(w.name)': actual \(w.worstActual.map { "\($0)" } ?? "-"), reference \(w.worstExpected.map { "\($0)" } ?? "-")"
                    }
                    body.append("    <testcase classname=\"\(cls)\" name=\"\(name)\" time=\"\(time)\">\n      <failure message=\"\(msg)\" type=\"ConformanceMismatch\">\(JUnitReporter.xml(detail))</failure>\n    </testcase>")
                case .unsupported:
                    body.append("    <testcase classname=\"\(cls)\" name=\"\(name)\" time=\"\(time)\">\n      <skipped message=\"\(msg)\"/>\n    </testcase>")
                case .error:
                    body.append("    <testcase classname=\"\(cls)\" name=\"\(name)\" time=\"\(time)\">\n      <error message=\"\(msg)\">\(msg)</error>\n    </testcase>")
                }
            }
            let c = s.counts
            suites.append("  <testsuite name=\"conformance.\(s.suite.rawValue)\" tests=\"\(c.total)\" failures=\"\(c.fail)\" errors=\"\(c.error)\" skipped=\"\(c.unsupported)\">\n"
                          + body.joined(separator: "\n") + (body.isEmpty ? "" : "\n") + "  </testsuite>")
        }
        let c = r.counts
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites tests="\(c.total)" failures="\(c.fail)" errors="\(c.error)" skipped="\(c.unsupported)">
        \(suites.joined(separator: "\n"))
        </testsuites>

        """
    }
}

/// A Markdown summary for a CI job summary: counts, the top ops, the manifest check and
/// the full per-op table folded away.
public enum ConformanceMarkdownReporter {
    public static func render(_ r: ConformanceReport) -> String {
        let failed = r.manifest?.failed == true
        var s = "### \(failed ? "❌" : "✅") Parity conformance: \(r.suites.map(\.rawValue).joined(separator: ", "))\n\n"
        s += "| suite | cases | pass | fail | unsupported | error | pass rate |\n|---|---:|---:|---:|---:|---:|---:|\n"
        for x in r.perSuite {
            let c = x.counts
            s += "| \(x.suite.rawValue) | \(c.total) | \(c.pass) | \(c.fail) | \(c.unsupported) | \(c.error) | \(String(format: "%.1f%%", c.passRate * 100)) |\n"
        }
        if let node = r.nodeCounts, node.total > 0 {
            s += String(format: "\nNode pass rate **%.1f%%** against the %.0f%% target.\n", node.passRate * 100, r.targetPassRate * 100)
        }
        let top = r.topOps(10)
        if !top.isEmpty {
            s += "\n| op | not passing | of | reason |\n|---|---:|---:|---|\n"
            for t in top { s += "| `\(t.op)` | \(t.nonPassing) | \(t.counts.total) | \(MarkdownReporter.escape(t.reason ?? "")) |\n" }
        }
        if let m = r.manifest {
            s += "\nManifest: \(m.regressions.count) regressions, \(m.missing.count) missing, \(m.newlyPassing.count) newly passing.\n"
            for g in m.regressions { s += "- **regression** `\(g.id)`: \(MarkdownReporter.escape(g.message ?? g.status.rawValue))\n" }
        }
        s += "\n<details><summary>All ops</summary>\n\n| op | cases | pass | fail | unsupported | error |\n|---|---:|---:|---:|---:|---:|\n"
        for t in r.ops.sorted(by: { $0.op < $1.op }) {
            let c = t.counts
            s += "| `\(t.op)` | \(c.total) | \(c.pass) | \(c.fail) | \(c.unsupported) | \(c.error) |\n"
        }
        s += "\n</details>\n"
        return s
    }
}
