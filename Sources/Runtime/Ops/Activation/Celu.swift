import OnnxFormat

/// Celu: max(0, x) + min(0, alpha * (e^(x/alpha) - 1)); `alpha` default 1 (ai.onnx Celu, opsets 12-22). float, double, float16, bfloat16.
struct Celu: Operator {
    let node: NodeInfo
    let alpha: Float
    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = try node.float("alpha", default: 1)
    }
    static func f<T: Real>(_ x: T, _ a: T) -> T {
        Swift.max(0, x) + Swift.min(0, a * (T.exp(x / a) - 1))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = alpha, ad = Double(alpha)
        return [try Elementwise.unary(node.required(inputs, 0), name: "Celu", { Self.f($0, a) }, double: { Self.f($0, ad) })]
    }
}

extension Celu: PreservesInputType {}
