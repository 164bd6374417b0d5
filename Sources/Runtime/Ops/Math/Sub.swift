import OnnxFormat

/// Sub: elementwise difference with broadcasting (ai.onnx Sub, opsets 1-14).
struct Sub: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    static let arithmetic = Elementwise.Arithmetic(float: { $0 - $1 }, double: { $0 - $1 },
                                                   int64: { $0 &- $1 }, int32: { $0 &- $1 })
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.binary(node.required(inputs, 0), node.required(inputs, 1), Self.arithmetic, name: "Sub")]
    }
}

extension Sub: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
