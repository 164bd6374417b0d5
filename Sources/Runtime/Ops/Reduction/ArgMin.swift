import OnnxFormat

/// ArgMin: the int64 index of the smallest element along `axis` (ai.onnx ArgMin, opsets 1-13);
/// `keepdims` default 1, `select_last_index` from opset 12. Numeric types.
struct ArgMin: Operator {
    let kernel: ArgReduce
    init(_ node: NodeInfo) throws { kernel = try ArgReduce(node, max: false) }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { [try kernel.run(inputs)] }
}

extension ArgMin: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { try kernel.inferTypes(inputs, constants: constants) }
}
