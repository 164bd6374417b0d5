import OnnxFormat

/// And: elementwise logical and of two bool tensors with broadcasting (ai.onnx And, opsets 1-7).
struct And: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.logical(node.required(inputs, 0), node.required(inputs, 1), name: "And") { $0 && $1 }]
    }
}

extension And: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs, result: .bool)]
    }
}
