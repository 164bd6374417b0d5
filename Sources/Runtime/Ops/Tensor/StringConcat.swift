import OnnxFormat

/// StringConcat: elementwise concatenation of two string tensors with broadcasting
/// (ai.onnx StringConcat, opset 20+).
struct StringConcat: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), y = try node.required(inputs, 1)
        guard case .string(let a) = x.storage, case .string(let b) = y.storage else {
            throw RuntimeError.node(node, "inputs must be string tensors")
        }
        let (r, s) = try node.wrap { try Broadcast.binary(a, x.shape, b, y.shape, +) }
        return [Tensor(uncheckedType: .string, shape: s, storage: .string(r))]
    }
}

extension StringConcat: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
