import OnnxFormat

/// RandomUniform: a tensor of the `shape` attribute filled with values uniform in [low, high) (defaults 0, 1)
/// (ai.onnx RandomUniform, opset 1+). Attributes dtype (default float) and seed.
struct RandomUniform: Operator {
    let node: NodeInfo
    let high: Double, low: Double
    let shape: [Int]
    let dtype: DataType
    init(_ node: NodeInfo) throws {
        self.node = node
        high = Double(try node.float("high", default: 1))
        low = Double(try node.float("low", default: 0))
        guard let s = try node.ints("shape"), s.allSatisfy({ $0 >= 0 }) else { throw RuntimeError.node(node, "attribute 'shape' is required") }
        shape = s
        dtype = try RandomSupport.dtype(node) ?? .float
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        var g = RandomSupport.generator(node)
        let v = (0..<Tensor.elementCount(shape)).map { _ in low + (high - low) * g.uniform() }
        return [try RandomSupport.tensor(v, shape: shape, as: dtype)]
    }
}

extension RandomUniform: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { [ValueType(dtype, fixed: shape)] }
}
