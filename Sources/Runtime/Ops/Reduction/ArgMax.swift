import OnnxFormat

/// ArgMax: the int64 index of the largest element along `axis` (ai.onnx ArgMax, opsets 1-13);
/// `keepdims` default 1, `select_last_index` from opset 12. Numeric types.
struct ArgMax: Operator {
    let kernel: ArgReduce
    init(_ node: NodeInfo) throws { kernel = try ArgReduce(node, max: true) }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { [try kernel.run(inputs)] }
}

extension ArgMax: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { try kernel.inferTypes(inputs, constants: constants) }
}
