import OnnxFormat

/// Size: the number of elements as an int64 scalar (ai.onnx Size, opsets 1-21).
struct Size: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [Tensor.scalar(Int64(try node.required(inputs, 0).count))]
    }
}

extension Size: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.int64, fixed: [])]
    }
}
