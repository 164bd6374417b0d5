import Foundation
import Frontends
import OnnxFormat
import Runtime

/// Runs an exported model on the Swift runtime against a framework's reference outputs
/// and builds the report. Prints nothing.
public struct ParityCheck: Sendable {
    public var tolerance: Tolerance
    /// Accept references that cannot discriminate (all zero, tiny, constant, non-finite).
    public var allowDegenerate: Bool
    public init(tolerance: Tolerance = .float32Default, allowDegenerate: Bool = false) {
        self.tolerance = tolerance
        self.allowDegenerate = allowDegenerate
    }

    /// Checks `export` on the Swift runtime. Errors loading or running the model become a
    /// report with verdict `error`; the caller decides how to print it.
    public func run(_ export: FrameworkExport, keptOnnxPath: String?) -> ParityReport {
        let model = ParityReport.Model(name: export.modelName, source: export.source, framework: export.framework,
                                       exporter: export.exporter, opset: export.opset, onnxPath: keptOnnxPath,
                                       inputShape: export.inputShape, parameters: export.parameterCount)
        var timings = ParityReport.Timings(exportSeconds: export.exportSeconds, referenceSeconds: export.referenceSeconds)
        var notes = export.notes

        // A reference that cannot discriminate makes any tolerance meaningless.
        var degenerate: String?
        for c in export.cases {
            for (name, t) in c.outputs {
                let stats = ReferenceStats(t.asDoubles() ?? [1, 2])
                if let d = stats.degenerate, degenerate == nil { degenerate = "output '\(name)' at batch \(c.batch): \(d)" }
                if stats.degenerate == nil, t.dataType.isFloatingPoint, c.batch == export.cases.first?.batch {
                    notes.append(String(format: "reference '%@' (batch %d): std %.3g, range [%.3g, %.3g]", name, c.batch, stats.std, stats.min, stats.max))
                }
            }
        }

        let t0 = Date()
        let session: InferenceSession
        do {
            session = try InferenceSession(path: export.onnxPath)
        } catch {
            return ParityReport(verdict: .error, model: model, tolerance: tolerance, notes: notes, cases: [],
                                degenerate: degenerate, allowDegenerate: allowDegenerate,
                                error: "\(export.onnxPath.split(separator: "/").last ?? ""): \(error)", timings: timings)
        }
        timings.loadSeconds = Date().timeIntervalSince(t0)

        var cases: [ParityReport.Case] = []
        for c in export.cases {
            let feeds = Dictionary(c.inputs.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
            let t1 = Date()
            let outs: [String: Tensor]
            do { outs = try session.run(feeds) } catch {
                return ParityReport(verdict: .error, model: model, tolerance: tolerance, notes: notes, cases: cases,
                                    degenerate: degenerate, allowDegenerate: allowDegenerate,
                                    error: "runtime failed at batch \(c.batch): \(error)", timings: timings)
            }
            let secs = Date().timeIntervalSince(t1)
            timings.runSeconds += secs
            var results: [OutputComparison] = []
            for (name, expected) in c.outputs {
                guard let actual = outs[name] else {
                    var missing = Compare.output(name: name, expected: expected, actual: expected, tolerance: tolerance)
                    missing.passed = false
                    missing.failure = "the runtime produced no output '\(name)'"
                    results.append(missing)
                    continue
                }
                results.append(Compare.output(name: name, expected: expected, actual: actual, tolerance: tolerance))
            }
            cases.append(.init(batch: c.batch, passed: results.allSatisfy(\.passed), outputs: results, runtimeSeconds: secs))
        }

        let allPass = cases.allSatisfy(\.passed)
        var verdict: ParityReport.Verdict = allPass ? .pass : .fail
        var error: String?
        if let degenerate, !allowDegenerate {
            verdict = .error
            error = "degenerate reference: \(degenerate); the comparison cannot discriminate (pass --allow-degenerate to accept it)"
        }
        return ParityReport(verdict: verdict, model: model, tolerance: tolerance, notes: notes, cases: cases,
                            degenerate: degenerate, allowDegenerate: allowDegenerate, error: error, timings: timings)
    }
}
