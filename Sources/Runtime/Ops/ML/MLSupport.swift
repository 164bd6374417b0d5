import Foundation
import OnnxFormat

/// Helpers shared by the ai.onnx.ml operators: numeric inputs widened to Double, the
/// classifiers' post transforms (with onnx.reference's and onnxruntime's semantics), label
/// outputs, and attributes that may come as a list or as a tensor (`*_as_tensor`).
enum ML {
    /// The classifiers' and regressors' `post_transform`.
    enum PostTransform: String, Sendable {
        case none = "NONE", logistic = "LOGISTIC", softmax = "SOFTMAX", softmaxZero = "SOFTMAX_ZERO", probit = "PROBIT"

        /// TreeEnsemble (ml opset 5) spells them as ints: 0 NONE, 1 SOFTMAX, 2 LOGISTIC,
        /// 3 SOFTMAX_ZERO, 4 PROBIT.
        static let byInt: [PostTransform] = [.none, .softmax, .logistic, .softmaxZero, .probit]
    }

    static func postTransform(_ node: NodeInfo) throws -> PostTransform {
        let s = try node.string("post_transform", default: "NONE")
        guard let p = PostTransform(rawValue: s) else {
            throw RuntimeError.node(node, "post_transform '\(s)' is not NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO or PROBIT")
        }
        return p
    }

    /// The elements of a numeric tensor as Double (float, double, float16, integers).
    static func numbers(_ t: Tensor, _ node: NodeInfo, _ what: String = "X") throws -> [Double] {
        guard t.dataType != .string, t.dataType != .bool, let v = t.asDoubles() else {
            throw RuntimeError.node(node, "\(what) has element type \(t.dataType), expected a numeric type")
        }
        return v
    }

    /// X as rows: [N, C] as is, [C] as one row, [N, ...] flattened per row, a scalar as 1x1.
    static func matrix(_ t: Tensor, _ node: NodeInfo) throws -> (rows: Int, cols: Int, values: [Double]) {
        let v = try numbers(t, node)
        switch t.rank {
        case 0: return (1, 1, v)
        case 1: return (1, t.shape[0], v)
        default:
            let n = t.shape[0]
            return (n, n == 0 ? 0 : v.count / n, v)
        }
    }

    /// A Double truncated to Int64, saturating; NaN is 0 (never traps).
    static func int64(_ d: Double) -> Int64 {
        if d.isNaN { return 0 }
        if d >= 9.223372036854775807e18 { return .max }
        if d <= -9.223372036854775808e18 { return .min }
        return Int64(d)
    }

    /// A float tensor, or a double one when `double`.
    static func real(_ values: [Double], shape: [Int], double: Bool) -> Tensor {
        double ? Tensor(uncheckedType: .double, shape: shape, storage: .double(values))
               : Tensor(uncheckedType: .float, shape: shape, storage: .float(values.map { Float($0) }))
    }

    /// Float attribute values from either the list attribute `name` or the tensor attribute
    /// `name_as_tensor` (ml opset 3: double thresholds and weights); nil when neither is set.
    static func reals(_ node: NodeInfo, _ name: String) throws -> [Double]? {
        if let t = try node.tensor(name + "_as_tensor") {
            return try numbers(t, node, name + "_as_tensor")
        }
        if let f = node.floats(name), !f.isEmpty { return f.map(Double.init) }
        return nil
    }

    /// A tensor attribute's numeric elements.
    static func tensorReals(_ node: NodeInfo, _ name: String) throws -> [Double]? {
        guard let t = try node.tensor(name) else { return nil }
        return try numbers(t, node, name)
    }

    /// Non-empty ints attribute or nil.
    static func nonEmptyInts(_ node: NodeInfo, _ name: String) throws -> [Int]? {
        guard let v = try node.ints(name), !v.isEmpty else { return nil }
        return v
    }
    static func nonEmptyStrings(_ node: NodeInfo, _ name: String) -> [String]? {
        guard let v = node.strings(name), !v.isEmpty else { return nil }
        return v
    }

    /// `v` checked to hold `count` elements (an attribute list that must parallel another).
    static func expect<T>(_ v: [T], count: Int, _ name: String, _ node: NodeInfo) throws -> [T] {
        guard v.count == count else {
            throw RuntimeError.node(node, "attribute '\(name)' has \(v.count) elements, expected \(count)")
        }
        return v
    }

    // MARK: transforms (onnx/reference/ops/aionnxml/_common_classifier.py)

    static func logistic(_ v: Double) -> Double {
        let e = 1 / (1 + Foundation.exp(-abs(v)))
        return v < 0 ? 1 - e : e
    }

    /// The inverse error function approximation onnxruntime and onnx.reference use.
    static func erfInv(_ x: Double) -> Double {
        let sgn: Double = x < 0 ? -1 : 1
        let y = (1 - x) * (1 + x)
        if y == 0 { return 0 }
        let l = Foundation.log(y)
        let v = 2 / (Double.pi * 0.147) + 0.5 * l
        let v2 = 1 / 0.147 * l
        let v3 = -v + (v * v - v2).squareRoot()
        return sgn * v3.squareRoot()
    }

    static func probit(_ v: Double) -> Double { 1.41421356 * erfInv(v * 2 - 1) }

    static func softmax(_ row: inout ArraySlice<Double>) {
        guard let m = row.max() else { return }
        var s = 0.0
        for i in row.indices { row[i] = Foundation.exp(row[i] - m); s += row[i] }
        for i in row.indices { row[i] /= s }
    }

    /// Softmax where exact zeros stay (scaled) zeros; an all-zero sum gives 0.5 everywhere.
    static func softmaxZero(_ row: inout ArraySlice<Double>) {
        guard let m = row.max() else { return }
        let expNegMax = Foundation.exp(-m)
        var s = 0.0
        for i in row.indices {
            let v = row[i]
            row[i] = (v > 0.0000001 || v < -0.0000001) ? Foundation.exp(v - m) : v * expNegMax
            s += row[i]
        }
        for i in row.indices { row[i] = s == 0 ? 0.5 : row[i] / s }
    }

    /// Applies `transform` to every row of `scores` ([rows, cols], row-major).
    static func apply(_ transform: PostTransform, _ scores: inout [Double], cols: Int) {
        guard cols > 0 else { return }
        switch transform {
        case .none: return
        case .logistic: for i in scores.indices { scores[i] = logistic(scores[i]) }
        case .probit: for i in scores.indices { scores[i] = probit(scores[i]) }
        case .softmax, .softmaxZero:
            var r = 0
            while r + cols <= scores.count {
                var row = scores[r..<(r + cols)]
                if transform == .softmax { softmax(&row) } else { softmaxZero(&row) }
                scores.replaceSubrange(r..<(r + cols), with: row)
                r += cols
            }
        }
    }

    /// The index of the largest value in `row` (the first on ties).
    static func argmax(_ row: ArraySlice<Double>) -> Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }

    /// Class labels: int64 or string, from the `*_ints`/`*_int64s` or `*_strings` attribute.
    enum Labels: Sendable {
        case ints([Int64]), strings([String])
        var count: Int {
            switch self {
            case .ints(let a): return a.count
            case .strings(let a): return a.count
            }
        }
        /// The label tensor [n] for class indices (an index outside the labels gives the
        /// int64 index itself or the empty string).
        func tensor(_ indices: [Int]) -> Tensor {
            switch self {
            case .ints(let a):
                return Tensor(uncheckedType: .int64, shape: [indices.count],
                              storage: .int64(indices.map { $0 >= 0 && $0 < a.count ? a[$0] : Int64($0) }))
            case .strings(let a):
                return Tensor(uncheckedType: .string, shape: [indices.count],
                              storage: .string(indices.map { $0 >= 0 && $0 < a.count ? a[$0] : "" }))
            }
        }
    }

    static func labels(_ node: NodeInfo, ints: String, strings: String) throws -> Labels? {
        if let s = nonEmptyStrings(node, strings) { return .strings(s) }
        if let i = try node.ints(ints), !i.isEmpty { return .ints(i.map(Int64.init)) }
        return nil
    }
}
