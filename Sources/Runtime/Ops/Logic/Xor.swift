import OnnxFormat

/// Xor: elementwise logical xor of two bool tensors with broadcasting (ai.onnx Xor, opsets 1-7).
struct Xor: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.logical(node.required(inputs, 0), node.required(inputs, 1), name: "Xor") { $0 != $1 }]
    }
}

extension Xor: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs, result: .bool)]
    }
}
