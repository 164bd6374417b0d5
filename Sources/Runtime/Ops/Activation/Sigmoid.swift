import CKernels
import OnnxFormat

/// Sigmoid: 1 / (1 + e^-x), computed without overflow for large |x| (ai.onnx Sigmoid, opsets 1-13). float, double, float16, bfloat16.
struct Sigmoid: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws {
        self.node = node
    }
    static func f<T: Real>(_ x: T) -> T {
        if x >= 0 { return 1 / (1 + T.exp(-x)) }
        let e = T.exp(x)
        return e / (1 + e)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        if let t = FastElementwise.unary(Int32(PK_SIGMOID), try node.required(inputs, 0)) { return [t] }
        return [try Elementwise.unary(node.required(inputs, 0), name: "Sigmoid", { Self.f($0) }, double: { Self.f($0) })]
    }
}

extension Sigmoid: PreservesInputType {}
