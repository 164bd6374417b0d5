import OnnxFormat

/// Reshape: same elements, new shape from the `shape` input (ai.onnx Reshape, opsets 5-21;
/// opset 1-4 took it as an attribute). 0 copies the input dimension unless `allowzero`; one
/// -1 is inferred.
struct Reshape: Operator {
    let node: NodeInfo
    let allowZero: Bool
    let attrShape: [Int]?
    init(_ node: NodeInfo) throws {
        self.node = node
        allowZero = try node.int("allowzero", default: 0) != 0
        attrShape = node.opset < 5 ? try node.ints("shape") : nil
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let spec: [Int]
        if let attrShape { spec = attrShape } else {
            guard let s = try node.required(inputs, 1).asInt64s() else { throw RuntimeError("shape input must be int64") }
            spec = s.map { Int(clamping: $0) }
        }
        return [try x.reshaped(Reshape.resolve(spec, input: x.shape, allowZero: allowZero))]
    }

    /// Resolves 0 and -1 entries of a Reshape target against the input shape.
    static func resolve(_ spec: [Int], input: [Int], allowZero: Bool) throws -> [Int] {
        var out = spec
        var inferred: Int?
        for (i, d) in spec.enumerated() {
            if d == 0 && !allowZero {
                guard i < input.count else { throw RuntimeError("shape \(spec): 0 at axis \(i) but input \(input) has no such axis") }
                out[i] = input[i]
            } else if d == -1 {
                guard inferred == nil else { throw RuntimeError("shape \(spec) has more than one -1") }
                inferred = i
            } else if d < -1 {
                throw RuntimeError("shape \(spec) has invalid dimension \(d)")
            }
        }
        let total = Tensor.elementCount(input)
        if let k = inferred {
            let known = out.enumerated().filter { $0.offset != k }.reduce(1) { $0 * $1.element }
            guard known > 0, total % known == 0 else { throw RuntimeError("cannot reshape \(input) to \(spec)") }
            out[k] = total / known
        }
        guard Tensor.elementCount(out) == total else { throw RuntimeError("cannot reshape \(input) to \(spec)") }
        return out
    }
}

extension Reshape: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let spec = try attrShape ?? ShapeInference.ints(constants, 1, node, "shape") else {
            // The shape is computed at run time; its length is still the output's rank.
            let n = inputs.at(1)?.shape.flatMap { $0.count == 1 ? $0[0].value : nil }
            return [ValueType(x?.dataType, n.map { [ValueType.Dim](repeating: .unknown, count: $0) })]
        }
        return [ValueType(x?.dataType, try Reshape.inferShape(spec, input: x?.shape, allowZero: allowZero))]
    }

    /// `resolve` over dimensions that may be symbolic: 0 copies the input dimension, and
    /// -1 is found when the element counts cancel (`[batch,512,1,1]` to `[0,-1]` gives
    /// `[batch,512]`); otherwise it stays unknown.
    static func inferShape(_ spec: [Int], input: [ValueType.Dim]?, allowZero: Bool) throws -> [ValueType.Dim] {
        if let fixed = input.flatMap({ ValueType(nil, $0).fixedShape }) {
            return try resolve(spec, input: fixed, allowZero: allowZero).map { .fixed($0) }
        }
        var out: [ValueType.Dim] = []
        var inferred: Int?
        for (i, d) in spec.enumerated() {
            if d == 0 && !allowZero {
                guard let input else { out.append(.unknown); continue }
                guard i < input.count else {
                    throw RuntimeError("shape \(spec): 0 at axis \(i) but input \(ShapeInference.describe(input)) has no such axis")
                }
                out.append(input[i])
            } else if d == -1 {
                guard inferred == nil else { throw RuntimeError("shape \(spec) has more than one -1") }
                inferred = i
                out.append(.unknown)
            } else if d < -1 {
                throw RuntimeError("shape \(spec) has invalid dimension \(d)")
            } else {
                out.append(.fixed(d))
            }
        }
        guard let k = inferred, let input else { return out }
        // The input's elements are inFixed * inSymbols, the known output's outFixed * outSymbols.
        func factor(_ dims: [ValueType.Dim]) -> (Int, [String: Int])? {
            var n = 1
            var symbols: [String: Int] = [:]
            for d in dims {
                switch d {
                case .fixed(let v):
                    let (r, o) = n.multipliedReportingOverflow(by: v)
                    if o { return nil }
                    n = r
                case .symbol(let s): symbols[s, default: 0] += 1
                case .unknown: return nil
                }
            }
            return (n, symbols)
        }
        guard let (inN, inSyms) = factor(input), let (outN, outSyms) = factor(out.enumerated().filter { $0.offset != k }.map(\.element)),
              inN > 0, outN > 0, inN % outN == 0 else { return out }
        var rest = inSyms
        for (s, c) in outSyms {
            guard let have = rest[s], have >= c else { return out }
            rest[s] = have - c
        }
        let left = rest.filter { $0.value > 0 }
        if left.isEmpty {
            out[k] = .fixed(inN / outN)
        } else if left.count == 1, let (s, c) = left.first, c == 1, inN == outN {
            out[k] = .symbol(s)
        }
        return out
    }
}
