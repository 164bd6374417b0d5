import OnnxFormat

/// RandomNormal: a tensor of the `shape` attribute filled with values normal with `mean` (default 0) and `scale` (default 1)
/// (ai.onnx RandomNormal, opset 1+). Attributes dtype (default float) and seed.
struct RandomNormal: Operator {
    let node: NodeInfo
    let mean: Double, scale: Double
    let shape: [Int]
    let dtype: DataType
    init(_ node: NodeInfo) throws {
        self.node = node
        mean = Double(try node.float("mean", default: 0))
        scale = Double(try node.float("scale", default: 1))
        guard let s = try node.ints("shape"), s.allSatisfy({ $0 >= 0 }) else { throw RuntimeError.node(node, "attribute 'shape' is required") }
        shape = s
        dtype = try RandomSupport.dtype(node) ?? .float
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        var g = RandomSupport.generator(node)
        let v = (0..<Tensor.elementCount(shape)).map { _ in mean + scale * g.normal() }
        return [try RandomSupport.tensor(v, shape: shape, as: dtype)]
    }
}

extension RandomNormal: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { [ValueType(dtype, fixed: shape)] }
}
