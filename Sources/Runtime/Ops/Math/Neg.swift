import OnnxFormat

/// Neg: elementwise negation (ai.onnx Neg, opsets 1-13). Float types and signed integers
/// (wrapping, as numpy does for Int.min).
struct Neg: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct F: IntegerFunction { func callAsFunction<T: FixedWidthInteger>(_ x: T) -> T { 0 &- x } }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        if let r = Elementwise.integer(x, F()) { return [r] }
        return [try Elementwise.unary(x, name: "Neg", { -$0 }, double: { -$0 })]
    }
}

extension Neg: PreservesInputType {}
