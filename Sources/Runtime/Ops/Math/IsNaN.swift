import OnnxFormat

/// IsNaN: true where an element is NaN (ai.onnx IsNaN, opsets 9-20). Float types.
struct IsNaN: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard x.isFloatLike, let d = x.asDoubles() else {
            throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
        return [Tensor(uncheckedType: .bool, shape: x.shape, storage: .bool(d.map(\.isNaN)))]
    }
}

extension IsNaN: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.bool, inputs.at(0)?.shape)]
    }
}
