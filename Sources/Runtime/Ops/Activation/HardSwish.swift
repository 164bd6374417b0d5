import CKernels
import OnnxFormat

/// HardSwish: x * max(0, min(1, x / 6 + 0.5)) (ai.onnx HardSwish, opsets 14-22). float, double, float16, bfloat16.
struct HardSwish: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws {
        self.node = node
    }
    static func f<T: Real>(_ x: T) -> T {
        x * Swift.max(0, Swift.min(1, x / 6 + T(0.5)))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        if let t = FastElementwise.unary(Int32(PK_HARDSWISH), try node.required(inputs, 0)) { return [t] }
        return [try Elementwise.unary(node.required(inputs, 0), name: "HardSwish", { Self.f($0) }, double: { Self.f($0) })]
    }
}

extension HardSwish: PreservesInputType {}
