import OnnxFormat

/// Tanh: hyperbolic tangent (ai.onnx Tanh, opsets 1-13). float, double, float16, bfloat16.
struct Tanh: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws {
        self.node = node
    }
    static func f<T: Real>(_ x: T) -> T {
        T.tanh(x)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        return [try Elementwise.unary(node.required(inputs, 0), name: "Tanh", { Self.f($0) }, double: { Self.f($0) })]
    }
}

extension Tanh: PreservesInputType {}
