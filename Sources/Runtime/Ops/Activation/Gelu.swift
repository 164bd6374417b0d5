import CKernels
import OnnxFormat

/// Gelu: 0.5 x (1 + erf(x / sqrt 2)), or with `approximate` = "tanh" 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (ai.onnx Gelu, opsets 20-22). float, double, float16, bfloat16.
struct Gelu: Operator {
    let node: NodeInfo
    let tanhApprox: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        let a = try node.string("approximate", default: "none")
        guard a == "none" || a == "tanh" else { throw RuntimeError.node(node, "attribute 'approximate' must be none or tanh, got '\(a)'") }
        tanhApprox = a == "tanh"
    }
    static func f<T: Real>(_ x: T, _ approx: Bool) -> T {
        if approx {
            let c = T(0.7978845608028654)  // sqrt(2 / pi)
            return T(0.5) * x * (1 + T.tanh(c * (x + T(0.044715) * x * x * x)))
        }
        return T(0.5) * x * (1 + T.erf(x * T(0.7071067811865476)))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let t = tanhApprox
        if !t, let y = FastElementwise.unary(Int32(PK_GELU), try node.required(inputs, 0)) { return [y] }
        return [try Elementwise.unary(node.required(inputs, 0), name: "Gelu", { Self.f($0, t) }, double: { Self.f($0, t) })]
    }
}

extension Gelu: PreservesInputType {}
