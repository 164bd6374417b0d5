import OnnxFormat

/// Softplus: log(1 + e^x), computed without overflow (ai.onnx Softplus, opsets 1-22). float, double, float16, bfloat16.
struct Softplus: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws {
        self.node = node
    }
    static func f<T: Real>(_ x: T) -> T {
        x > 0 ? x + T.log1p(T.exp(-x)) : T.log1p(T.exp(x))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        return [try Elementwise.unary(node.required(inputs, 0), name: "Softplus", { Self.f($0) }, double: { Self.f($0) })]
    }
}

extension Softplus: PreservesInputType {}
