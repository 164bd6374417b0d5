import OnnxFormat

/// Bernoulli: 1 with probability input[i], else 0 (ai.onnx Bernoulli, opset 15+).
/// Attributes dtype (default: the input's type) and seed.
struct Bernoulli: Operator {
    let node: NodeInfo
    let dtype: DataType?
    init(_ node: NodeInfo) throws {
        self.node = node
        dtype = try RandomSupport.dtype(node)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let p = try node.elements(x, Double.self, "input")
        var g = RandomSupport.generator(node)
        return [try RandomSupport.tensor(p.map { g.uniform() < $0 ? 1 : 0 }, shape: x.shape, as: dtype ?? x.dataType)]
    }
}

extension Bernoulli: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(dtype ?? inputs.at(0)?.dataType, inputs.at(0)?.shape)]
    }
}
