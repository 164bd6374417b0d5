import OnnxFormat

/// RandomUniformLike: a tensor of input 0's shape filled with values uniform in [low, high) (defaults 0, 1)
/// (ai.onnx RandomUniformLike, opset 1+). Attributes dtype (default: the input's type) and
/// seed.
struct RandomUniformLike: Operator {
    let node: NodeInfo
    let high: Double, low: Double
    let dtype: DataType?
    init(_ node: NodeInfo) throws {
        self.node = node
        high = Double(try node.float("high", default: 1))
        low = Double(try node.float("low", default: 0))
        dtype = try RandomSupport.dtype(node)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        var g = RandomSupport.generator(node)
        let v = (0..<x.count).map { _ in low + (high - low) * g.uniform() }
        return [try RandomSupport.tensor(v, shape: x.shape, as: dtype ?? x.dataType)]
    }
}

extension RandomUniformLike: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(dtype ?? inputs.at(0)?.dataType, inputs.at(0)?.shape)]
    }
}
