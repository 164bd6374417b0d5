import CKernels
import OnnxFormat

/// LeakyRelu: x for x >= 0, alpha * x otherwise; `alpha` default 0.01 (ai.onnx LeakyRelu, opsets 1-16). float, double, float16, bfloat16.
struct LeakyRelu: Operator {
    let node: NodeInfo
    let alpha: Float
    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = try node.float("alpha", default: 0.01)
    }
    static func f<T: Real>(_ x: T, _ a: T) -> T {
        x < 0 ? a * x : x
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = alpha, ad = Double(alpha)
        if let t = FastElementwise.unary(Int32(PK_LEAKYRELU), try node.required(inputs, 0), a) { return [t] }
        return [try Elementwise.unary(node.required(inputs, 0), name: "LeakyRelu", { Self.f($0, a) }, double: { Self.f($0, ad) })]
    }
}

extension LeakyRelu: PreservesInputType {}
