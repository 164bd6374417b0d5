/// JUnit XML: one testsuite per model, one testcase per batch size and output. A failing
/// output carries the worst element and the figures; an error verdict is one <error>.
public enum JUnitReporter {
    public static func render(_ r: ParityReport) -> String {
        var cases: [String] = []
        var failures = 0, errors = 0
        let suite = "parity.\(r.model.name).\(r.model.exporter)"
        if let e = r.error {
            errors += 1
            cases.append("    <testcase classname=\"\(xml(suite))\" name=\"\(xml(r.model.name))\" time=\"0\">\n      <error message=\"\(xml(e))\">\(xml(e))</error>\n    </testcase>")
        }
        for c in r.cases {
            for o in c.outputs {
                var body = ""
                if !o.passed {
                    failures += 1
                    let detail = """
                    \(o.failure ?? "outside tolerance")
                    max abs error \(Format.sci(o.maxAbsError)), max rel error \(Format.sci(o.maxRelError)), mean abs error \(Format.sci(o.meanAbsError)), error/scale \(Format.sci(o.errorToScale))
                    worst element \(o.worstPosition.map { "\($0)" } ?? "-"): actual \(o.worstActual.map { "\($0)" } ?? "-"), reference \(o.worstExpected.map { "\($0)" } ?? "-")
                    atol \(r.tolerance.atol), rtol \(r.tolerance.rtol), top-1 agreement \(Format.pct(o.top1Agreement))
                    """
                    body = "\n      <failure message=\"\(xml(o.failure ?? "outside tolerance"))\" type=\"ParityMismatch\">\(xml(detail))</failure>\n    "
                }
                cases.append("    <testcase classname=\"\(xml(suite))\" name=\"batch \(c.batch) \(xml(o.name))\" time=\"\(c.runtimeSeconds)\">\(body)</testcase>")
            }
        }
        let total = cases.count
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites tests="\(total)" failures="\(failures)" errors="\(errors)">
          <testsuite name="\(xml(suite))" tests="\(total)" failures="\(failures)" errors="\(errors)">
        \(cases.joined(separator: "\n"))
          </testsuite>
        </testsuites>

        """
    }

    static func xml(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" && ch != "\r" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
