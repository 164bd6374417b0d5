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
                // Labels, counts and strings are compared exactly: any value discriminates.
                if let d = stats.degenerate, degenerate == nil, t.dataType.isFloatingPoint { degenerate = "output '\(name)' at batch \(c.batch): \(d)" }
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
            let feeds = Dictionary(c.inputs.map { ($0.name, Value.tensor($0.tensor)) }, uniquingKeysWith: { a, _ in a })
            let t1 = Date()
            let values: [String: Value]
            do { values = try session.runValues(feeds) } catch {
                return ParityReport(verdict: .error, model: model, tolerance: tolerance, notes: notes, cases: cases,
                                    degenerate: degenerate, allowDegenerate: allowDegenerate,
                                    error: "runtime failed at batch \(c.batch): \(error)", timings: timings)
            }
            let secs = Date().timeIntervalSince(t1)
            timings.runSeconds += secs
            let references = Dictionary(c.outputs.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
            var results: [OutputComparison] = []
            for (name, expected) in c.outputs {
                var flattened = false
                var actual: Tensor?
                var problem: String?
                switch values[name] {
                case .tensor(let t)?: actual = t
                case let v?:
                    do {
                        actual = try Self.mapsAsMatrix(v, keys: export.outputKeys[name])
                        flattened = true
                    } catch { problem = "\(error)" }
                case nil: problem = "the runtime produced no output '\(name)'"
                }
                guard let actual else {
                    var missing = Compare.output(name: name, expected: expected, actual: expected, tolerance: tolerance)
                    missing.passed = false
                    missing.failure = problem
                    results.append(missing)
                    continue
                }
                var r = Compare.output(name: name, expected: expected, actual: actual, tolerance: tolerance)
                if flattened { r.flattenedMaps = true }
                let scores = export.labelScores[name].flatMap { references[$0] }
                Self.explain(&r, expected: expected, actual: actual, scores: scores, isLabel: export.labelScores[name] != nil,
                             thresholdRows: Set(c.thresholdRows), tolerance: tolerance)
                results.append(r)
            }
            var reportCase = ParityReport.Case(batch: c.batch, passed: results.allSatisfy(\.passed), outputs: results, runtimeSeconds: secs)
            if !c.thresholdRows.isEmpty || !export.labelScores.isEmpty { reportCase.thresholdRows = c.thresholdRows.count }
            cases.append(reportCase)
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

    /// A sequence of maps whose values are scalars (ZipMap's output) as a float [N, K]
    /// matrix, columns in map-key order. `keys`, when given, must be each map's keys.
    static func mapsAsMatrix(_ v: Value, keys: [String]?) throws -> Tensor {
        guard case .sequence(_, let items) = v else { throw ParityCheckError("a \(v.kind), the reference is a tensor") }
        var rows: [Float] = []
        var width: Int?
        for (i, item) in items.enumerated() {
            guard case .map(let k, let values) = item else { throw ParityCheckError("element \(i) of the sequence is a \(item.kind), not a map") }
            if let keys {
                let got = k.map { key -> String in
                    switch key {
                    case .int(let n): return String(n)
                    case .string(let s): return s
                    }
                }
                guard got == keys else {
                    throw ParityCheckError("map \(i) has keys \(got.prefix(5)), the classes are \(keys.prefix(5))")
                }
            }
            if let width, width != values.count { throw ParityCheckError("maps of different sizes (\(width) and \(values.count))") }
            width = values.count
            for x in values {
                guard case .tensor(let t) = x, t.count == 1, let d = t.asDoubles()?.first else {
                    throw ParityCheckError("map \(i) holds a value that is not a scalar number")
                }
                rows.append(Float(d))
            }
        }
        return Tensor(shape: [items.count, width ?? 0], floats: rows)
    }

    /// Rows (axis 0) with an element outside tolerance (exact for integers and strings).
    static func failingRows(_ e: Tensor, _ a: Tensor, _ tol: Tolerance) -> [Int]? {
        guard e.shape == a.shape, let n = e.shape.first, n > 0 else { return nil }
        let per = e.count / n
        if case .string(let es) = e.storage, case .string(let as_) = a.storage {
            return (0..<n).filter { r in (0..<per).contains { es[r * per + $0] != as_[r * per + $0] } }
        }
        guard let x = e.asDoubles(), let y = a.asDoubles(), x.count == y.count else { return nil }
        let exact = !e.dataType.isFloatingPoint
        return (0..<n).filter { r in
            (0..<per).contains { k in
                let ev = x[r * per + k], av = y[r * per + k]
                if ev.isNaN || av.isNaN { return ev.isNaN != av.isNaN }
                if ev.isInfinite || av.isInfinite { return ev != av }
                return abs(ev - av) > (exact ? 0 : tol.atol + tol.rtol * abs(ev))
            }
        }
    }

    /// Classifier labels: agreement, and differences explained by near ties in the
    /// reference scores; any output: differences confined to rows whose tree decision path
    /// float32 thresholds change. Explained differences pass, and are listed.
    static func explain(_ r: inout OutputComparison, expected: Tensor, actual: Tensor, scores: Tensor?, isLabel: Bool,
                        thresholdRows: Set<Int>, tolerance: Tolerance) {
        guard let bad = failingRows(expected, actual, tolerance), let n = expected.shape.first, n > 0 else { return }
        if isLabel { r.labelAgreement = Double(n - bad.count) / Double(n) }
        guard !bad.isEmpty else { return }
        var ties: [Int] = []
        if isLabel, let scores, scores.rank == 2, scores.shape[0] == n, let s = scores.asDoubles() {
            let c = scores.shape[1]
            for row in bad where c >= 2 {
                let sorted = s[(row * c)..<(row * c + c)].sorted(by: >)
                if sorted[0] - sorted[1] <= tolerance.atol + tolerance.rtol * abs(sorted[0]) { ties.append(row) }
            }
        }
        let viaThreshold = bad.filter { thresholdRows.contains($0) && !ties.contains($0) }
        if !ties.isEmpty { r.nearTieRows = ties }
        if !viaThreshold.isEmpty { r.thresholdRows = viaThreshold }
        let unexplained = bad.count - ties.count - viaThreshold.count
        if unexplained == 0 {
            r.passed = true
            var why: [String] = []
            if !ties.isEmpty { why.append("\(ties.count) near tie\(ties.count == 1 ? "" : "s") in the reference scores") }
            if !viaThreshold.isEmpty { why.append("\(viaThreshold.count) row\(viaThreshold.count == 1 ? "" : "s") on a tree path float32 thresholds change") }
            r.failure = nil
            r.explained = "\(bad.count) of \(n) rows differ, all explained: " + why.joined(separator: ", ")
        } else if let f = r.failure {
            var parts: [String] = []
            if !ties.isEmpty { parts.append("\(ties.count) near ties") }
            if !viaThreshold.isEmpty { parts.append("\(viaThreshold.count) on float32-threshold paths") }
            r.failure = f + "; \(bad.count) rows differ" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")) explained)")
        }
    }
}

/// Why a runtime value cannot be compared with the reference.
struct ParityCheckError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
