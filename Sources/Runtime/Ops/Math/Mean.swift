import OnnxFormat

/// Mean: elementwise mean of any number of inputs with broadcasting (ai.onnx Mean, opsets
/// 6-13). Float types only, as in the spec.
struct Mean: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let xs = inputs.compactMap { $0 }
        guard let first = xs.first else { throw RuntimeError.node(node, "needs at least one input") }
        guard first.isFloatLike else { throw RuntimeError.node(node, "element type \(first.dataType) is not supported") }
        let sum = try Variadic.fold(node, inputs, float: { $0 + $1 }, double: { $0 + $1 }, integer: Sum.I())
        let n = Float(xs.count), nd = Double(xs.count)
        return [try Elementwise.unary(sum, name: "Mean", { $0 / n }, double: { $0 / nd })]
    }
}

extension Mean: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
