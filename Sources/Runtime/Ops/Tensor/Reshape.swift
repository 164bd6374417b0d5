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
