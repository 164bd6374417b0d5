import OnnxFormat

/// ThresholdedRelu: x for x > alpha, 0 otherwise; `alpha` default 1 (ai.onnx ThresholdedRelu, opsets 10-22). float, double, float16, bfloat16.
struct ThresholdedRelu: Operator {
    let node: NodeInfo
    let alpha: Float
    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = try node.float("alpha", default: 1)
    }
    static func f<T: Real>(_ x: T, _ a: T) -> T {
        x > a ? x : 0
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = alpha, ad = Double(alpha)
        return [try Elementwise.unary(node.required(inputs, 0), name: "ThresholdedRelu", { Self.f($0, a) }, double: { Self.f($0, ad) })]
    }
}

extension ThresholdedRelu: PreservesInputType {}
