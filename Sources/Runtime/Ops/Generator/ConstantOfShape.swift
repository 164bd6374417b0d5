import OnnxFormat

/// ConstantOfShape: a tensor of the shape given by the 1-D int64 input, filled with the
/// one element of the `value` attribute (default float32 0) (ai.onnx ConstantOfShape,
/// opsets 9-21).
struct ConstantOfShape: Operator {
    let node: NodeInfo
    let value: Tensor
    init(_ node: NodeInfo) throws {
        self.node = node
        let v = try node.tensor("value") ?? Tensor.scalar(Float(0))
        guard v.count == 1 else { throw RuntimeError.node(node, "attribute 'value' must have one element, has \(v.count)") }
        value = v
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let shape = try Index.ints(node.required(inputs, 0), node, "shape")
        guard shape.allSatisfy({ $0 >= 0 }) else { throw RuntimeError.node(node, "shape \(shape) has a negative dimension") }
        let n = Tensor.elementCount(shape)
        guard n < Int(Int32.max) else { throw RuntimeError.node(node, "shape \(shape) is too large") }
        return [value.with(shape: shape, storage: try value.storage.repeated(n))]
    }
}

extension ConstantOfShape: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        if let shape = try ShapeInference.ints(constants, 0, node, "shape") {
            guard shape.allSatisfy({ $0 >= 0 }) else { throw RuntimeError.node(node, "shape \(shape) has a negative dimension") }
            return [ValueType(value.dataType, fixed: shape)]
        }
        // The shape input's length is the output's rank.
        guard let n = inputs.at(0)?.shape?.first?.value, inputs.at(0)?.rank == 1 else { return [ValueType(value.dataType, nil)] }
        return [ValueType(value.dataType, [ValueType.Dim](repeating: .unknown, count: n))]
    }
}
