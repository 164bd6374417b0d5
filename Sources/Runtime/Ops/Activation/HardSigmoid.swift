import CKernels
import OnnxFormat

/// HardSigmoid: max(0, min(1, alpha * x + beta)); `alpha` default 0.2, `beta` default 0.5 (ai.onnx HardSigmoid, opsets 1-22). float, double, float16, bfloat16.
struct HardSigmoid: Operator {
    let node: NodeInfo
    let alpha: Float, beta: Float
    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = try node.float("alpha", default: 0.2)
        beta = try node.float("beta", default: 0.5)
    }
    static func f<T: Real>(_ x: T, _ a: T, _ b: T) -> T {
        Swift.max(0, Swift.min(1, a * x + b))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = alpha, b = beta, ad = Double(alpha), bd = Double(beta)
        if let t = FastElementwise.unary(Int32(PK_HARDSIGMOID), try node.required(inputs, 0), a, b) { return [t] }
        return [try Elementwise.unary(node.required(inputs, 0), name: "HardSigmoid", { Self.f($0, a, b) }, double: { Self.f($0, ad, bd) })]
    }
}

extension HardSigmoid: PreservesInputType {}
