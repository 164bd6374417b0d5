import OnnxFormat

/// Abs: elementwise absolute value (ai.onnx Abs, opsets 1-13). Float types and every
/// integer type (Int.min wraps to itself, as in numpy).
struct Abs: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct F: IntegerFunction { func callAsFunction<T: FixedWidthInteger>(_ x: T) -> T { x < 0 ? 0 &- x : x } }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        if let r = Elementwise.integer(x, F()) { return [r] }
        return [try Elementwise.unary(x, name: "Abs", { Swift.abs($0) }, double: { Swift.abs($0) })]
    }
}

extension Abs: PreservesInputType {}
