import OnnxFormat

/// Selu: gamma * (x for x > 0, alpha * e^x - alpha otherwise); spec defaults for `alpha`, `gamma` (ai.onnx Selu, opsets 1-22). float, double, float16, bfloat16.
struct Selu: Operator {
    let node: NodeInfo
    let alpha: Float, gamma: Float
    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = try node.float("alpha", default: 1.67326319217681884765625)
        gamma = try node.float("gamma", default: 1.05070102214813232421875)
    }
    static func f<T: Real>(_ x: T, _ a: T, _ g: T) -> T {
        x > 0 ? g * x : g * (a * T.exp(x) - a)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = alpha, g = gamma, ad = Double(alpha), gd = Double(gamma)
        return [try Elementwise.unary(node.required(inputs, 0), name: "Selu", { Self.f($0, a, g) }, double: { Self.f($0, ad, gd) })]
    }
}

extension Selu: PreservesInputType {}
