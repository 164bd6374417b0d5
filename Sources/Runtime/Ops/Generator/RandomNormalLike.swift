import OnnxFormat

/// RandomNormalLike: a tensor of input 0's shape filled with values normal with `mean` (default 0) and `scale` (default 1)
/// (ai.onnx RandomNormalLike, opset 1+). Attributes dtype (default: the input's type) and
/// seed.
struct RandomNormalLike: Operator {
    let node: NodeInfo
    let mean: Double, scale: Double
    let dtype: DataType?
    init(_ node: NodeInfo) throws {
        self.node = node
        mean = Double(try node.float("mean", default: 0))
        scale = Double(try node.float("scale", default: 1))
        dtype = try RandomSupport.dtype(node)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        var g = RandomSupport.generator(node)
        let v = (0..<x.count).map { _ in mean + scale * g.normal() }
        return [try RandomSupport.tensor(v, shape: x.shape, as: dtype ?? x.dataType)]
    }
}

extension RandomNormalLike: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(dtype ?? inputs.at(0)?.dataType, inputs.at(0)?.shape)]
    }
}
