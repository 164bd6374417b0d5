import OnnxFormat

/// Or: elementwise logical or of two bool tensors with broadcasting (ai.onnx Or, opsets 1-7).
struct Or: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.logical(node.required(inputs, 0), node.required(inputs, 1), name: "Or") { $0 || $1 }]
    }
}

extension Or: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs, result: .bool)]
    }
}
