import Foundation

/// Number formatting shared by the text reporters.
enum Format {
    static func sci(_ v: Double) -> String {
        if v == 0 { return "0" }
        if !v.isFinite { return "\(v)" }
        return String(format: "%.2e", v)
    }
    static func pct(_ v: Double?) -> String {
        guard let v else { return "-" }
        return String(format: "%.0f%%", v * 100)
    }
    static func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ",") + "]" }

    /// The one verdict line every text form ends with.
    static func verdictLine(_ r: ParityReport) -> String {
        switch r.verdict {
        case .pass:
            let worst = r.worstOutput.map { " max abs error \(sci($0.output.maxAbsError)) (\(sci($0.output.errorToScale)) of output scale)" } ?? ""
            let explained = r.cases.flatMap { c in c.outputs.filter { $0.explained != nil }.map { "batch \(c.batch) '\($0.name)'" } }
            let note = explained.isEmpty ? "" : "; differences explained (near ties, float32 tree thresholds) in \(explained.joined(separator: ", "))"
            return "PASS \(r.model.name) (\(r.model.exporter), opset \(r.model.opset)):\(worst) within atol \(sci(r.tolerance.atol)) / rtol \(sci(r.tolerance.rtol))\(note)"
        case .fail:
            let failing = r.cases.flatMap { c in c.outputs.filter { !$0.passed }.map { "batch \(c.batch) '\($0.name)'" } }
            let worst = r.worstOutput.map { " max abs error \(sci($0.output.maxAbsError))" } ?? ""
            return "FAIL \(r.model.name) (\(r.model.exporter), opset \(r.model.opset)): \(failing.joined(separator: ", ")) outside tolerance;\(worst)"
        case .error:
            return "ERROR \(r.model.name): \(r.error ?? "unknown error")"
        }
    }
}
