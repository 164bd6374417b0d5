import Foundation
import OnnxFormat

/// The comparison of one output: the runtime's tensor against the framework's.
public struct OutputComparison: Codable, Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var passed: Bool
    /// Why the output failed, in one line (nil when it passed).
    public var failure: String?
    public var maxAbsError: Double
    /// max |a - e| / max(|e|, relativeFloor): a relative error that stays finite near zero.
    public var maxRelError: Double
    public var meanAbsError: Double
    /// maxAbsError divided by the reference's root mean square: the error on the output's
    /// own scale, which atol alone cannot see.
    public var errorToScale: Double
    /// Flat and per-axis index of the element with the largest excess over the tolerance.
    public var worstIndex: Int?
    public var worstPosition: [Int]?
    public var worstExpected: Double?
    public var worstActual: Double?
    /// Elements outside the tolerance.
    public var mismatches: Int
    /// For [N, C] logits: fraction of rows whose argmax agrees.
    public var top1Agreement: Double?
    public var reference: ReferenceStats
    /// Predicted-label outputs (classifiers): the fraction of rows whose label equals the
    /// framework's.
    public var labelAgreement: Double? = nil
    /// Rows whose label differs where the reference's two best scores are within the
    /// tolerance of each other: a near tie, which float rounding may decide either way.
    public var nearTieRows: [Int]? = nil
    /// Rows outside tolerance that are explained by a tree decision path that float32
    /// thresholds change (see FrameworkExport.Case.thresholdRows).
    public var thresholdRows: [Int]? = nil
    /// The output was a sequence of maps (ZipMap), compared as a [N, keys] matrix.
    public var flattenedMaps: Bool? = nil
    /// Set when rows differ but every difference is explained (near ties, threshold paths):
    /// the output passes and this says why.
    public var explained: String? = nil
}

/// Summary of a reference tensor, and whether it can discriminate at all.
public struct ReferenceStats: Codable, Sendable, Equatable {
    public var min: Double
    public var max: Double
    public var mean: Double
    public var std: Double
    public var rms: Double
    public var nonFinite: Int
    /// Why the reference cannot discriminate (nil when it is healthy).
    public var degenerate: String?

    /// Every value below this magnitude makes a reference degenerate.
    public static let degenerateMagnitude = 1e-6

    public init(_ v: [Double]) {
        var mn = Double.infinity, mx = -Double.infinity, sum = 0.0, sq = 0.0, nf = 0, finite = 0
        for x in v {
            guard x.isFinite else { nf += 1; continue }
            mn = Swift.min(mn, x); mx = Swift.max(mx, x)
            sum += x; sq += x * x; finite += 1
        }
        let n = Double(Swift.max(finite, 1))
        mean = sum / n
        rms = (sq / n).squareRoot()
        std = Swift.max(0, sq / n - mean * mean).squareRoot()
        min = finite > 0 ? mn : 0
        max = finite > 0 ? mx : 0
        nonFinite = nf
        if v.isEmpty { degenerate = "the reference is empty" }
        else if nf > 0 { degenerate = "the reference has \(nf) non-finite values" }
        else if mx == 0 && mn == 0 { degenerate = "the reference is all zeros" }
        else if Swift.max(abs(mx), abs(mn)) < Self.degenerateMagnitude { degenerate = "every reference value is below \(Self.degenerateMagnitude) in magnitude (max \(String(format: "%.3g", Swift.max(abs(mx), abs(mn)))))" }
        else if mx == mn && v.count > 1 { degenerate = "the reference is constant (\(mx))" }
        else { degenerate = nil }
    }
}

public enum Compare {
    /// Denominator floor for relative errors.
    public static let relativeFloor = 1e-6

    /// Compares `actual` with `expected` under `tolerance`. Shapes and element types must
    /// match; integers, booleans and strings must be equal.
    public static func output(name: String, expected: Tensor, actual: Tensor, tolerance: Tolerance) -> OutputComparison {
        let e = expected.asDoubles() ?? []
        let stats = ReferenceStats(e)
        var r = OutputComparison(name: name, shape: expected.shape, passed: false, failure: nil, maxAbsError: 0,
                                 maxRelError: 0, meanAbsError: 0, errorToScale: 0, worstIndex: nil, worstPosition: nil,
                                 worstExpected: nil, worstActual: nil, mismatches: 0, top1Agreement: nil, reference: stats)
        guard expected.shape == actual.shape else {
            r.failure = "shape \(actual.shape) differs from the reference's \(expected.shape)"
            return r
        }
        let sameKind = expected.dataType == actual.dataType
            || (expected.dataType.isFloatingPoint && actual.dataType.isFloatingPoint)
        guard sameKind else {
            r.failure = "element type \(actual.dataType) differs from the reference's \(expected.dataType)"
            return r
        }
        if case .string(let es) = expected.storage, case .string(let as_) = actual.storage {
            let bad = zip(es, as_).enumerated().filter { $0.element.0 != $0.element.1 }
            r.mismatches = bad.count
            r.passed = bad.isEmpty
            if let first = bad.first {
                r.worstIndex = first.offset
                r.worstPosition = position(first.offset, expected.shape)
                r.failure = "\(bad.count) strings differ; first at \(r.worstPosition ?? []): '\(first.element.1)' vs '\(first.element.0)'"
            }
            return r
        }
        guard let a = actual.asDoubles(), a.count == e.count else {
            r.failure = "cannot read the runtime's values as numbers"
            return r
        }
        let exact = !expected.dataType.isFloatingPoint
        var sumAbs = 0.0, worstExcess = -Double.infinity, worst = -1, mism = 0
        for i in 0..<e.count {
            let x = a[i], y = e[i]
            if x.isNaN || y.isNaN {
                if x.isNaN != y.isNaN { mism += 1; if worstExcess < .infinity { worstExcess = .infinity; worst = i } }
                continue
            }
            if x.isInfinite || y.isInfinite {
                if x != y { mism += 1; if worstExcess < .infinity { worstExcess = .infinity; worst = i } }
                continue
            }
            let d = abs(x - y)
            sumAbs += d
            if d > r.maxAbsError { r.maxAbsError = d }
            let rel = d / Swift.max(abs(y), relativeFloor)
            if rel > r.maxRelError { r.maxRelError = rel }
            let allowed = exact ? 0 : tolerance.atol + tolerance.rtol * abs(y)
            let excess = d - allowed
            if excess > 0 { mism += 1 }
            if excess > worstExcess { worstExcess = excess; worst = i }
        }
        r.meanAbsError = e.isEmpty ? 0 : sumAbs / Double(e.count)
        r.errorToScale = stats.rms > 0 ? r.maxAbsError / stats.rms : (r.maxAbsError > 0 ? .infinity : 0)
        r.mismatches = mism
        if worst >= 0 {
            r.worstIndex = worst
            r.worstPosition = position(worst, expected.shape)
            r.worstExpected = e[worst]
            r.worstActual = a[worst]
        }
        if expected.rank == 2, let c = expected.shape.last, c > 1, let n = expected.shape.first, n > 0 {
            var agree = 0
            for row in 0..<n {
                let base = row * c
                if argmax(e, base, c) == argmax(a, base, c) { agree += 1 }
            }
            r.top1Agreement = Double(agree) / Double(n)
        }
        r.passed = mism == 0
        if !r.passed {
            let pos = r.worstPosition.map { "\($0)" } ?? "?"
            r.failure = String(format: "%d of %d elements outside atol %.0e + rtol %.0e; worst at %@: %.7g vs reference %.7g (abs error %.3g)",
                               mism, e.count, tolerance.atol, tolerance.rtol, pos, r.worstActual ?? .nan, r.worstExpected ?? .nan,
                               abs((r.worstActual ?? 0) - (r.worstExpected ?? 0)))
        }
        return r
    }

    static func argmax(_ v: [Double], _ base: Int, _ n: Int) -> Int {
        var best = 0
        for k in 1..<n where v[base + k] > v[base + best] { best = k }
        return best
    }

    static func position(_ flat: Int, _ shape: [Int]) -> [Int] {
        var rem = flat
        var pos = [Int](repeating: 0, count: shape.count)
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] > 0 {
            pos[i] = rem % shape[i]
            rem /= shape[i]
        }
        return pos
    }
}
