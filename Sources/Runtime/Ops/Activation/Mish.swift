import OnnxFormat

/// Mish: x * tanh(softplus(x)) (ai.onnx Mish, opsets 18-22). float, double, float16, bfloat16.
struct Mish: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws {
        self.node = node
    }
    static func f<T: Real>(_ x: T) -> T {
        x * T.tanh(x > 0 ? x + T.log1p(T.exp(-x)) : T.log1p(T.exp(x)))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        return [try Elementwise.unary(node.required(inputs, 0), name: "Mish", { Self.f($0) }, double: { Self.f($0) })]
    }
}

extension Mish: PreservesInputType {}
