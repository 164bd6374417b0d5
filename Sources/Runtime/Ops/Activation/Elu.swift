import OnnxFormat

/// Elu: x for x > 0, alpha * (e^x - 1) otherwise; `alpha` default 1 (ai.onnx Elu, opsets 1-22). float, double, float16, bfloat16.
struct Elu: Operator {
    let node: NodeInfo
    let alpha: Float
    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = try node.float("alpha", default: 1)
    }
    static func f<T: Real>(_ x: T, _ a: T) -> T {
        x > 0 ? x : a * (T.exp(x) - 1)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = alpha, ad = Double(alpha)
        return [try Elementwise.unary(node.required(inputs, 0), name: "Elu", { Self.f($0, a) }, double: { Self.f($0, ad) })]
    }
}

extension Elu: PreservesInputType {}
