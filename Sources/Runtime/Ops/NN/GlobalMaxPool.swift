import OnnxFormat

/// GlobalMaxPool: maximum over all spatial positions, Y [N, C, 1, ...] (ai.onnx
/// GlobalMaxPool, opsets 1-22). Types: float, double, float16, bfloat16.
struct GlobalMaxPool: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        try runGlobalPool(node, node.required(inputs, 0), kind: .max)
    }
}

extension GlobalMaxPool: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        try inferGlobalPool(node, inputs)
    }
}
