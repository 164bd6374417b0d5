import OnnxFormat

/// Softsign: x / (1 + |x|) (ai.onnx Softsign, opsets 1-22). float, double, float16, bfloat16.
struct Softsign: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws {
        self.node = node
    }
    static func f<T: Real>(_ x: T) -> T {
        x / (1 + Swift.abs(x))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        return [try Elementwise.unary(node.required(inputs, 0), name: "Softsign", { Self.f($0) }, double: { Self.f($0) })]
    }
}

extension Softsign: PreservesInputType {}
