import OnnxFormat

/// Sign: -1, 0 or 1 by the sign of each element (ai.onnx Sign, opsets 9-13); NaN stays NaN.
/// Float types and every integer type.
struct Sign: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct F: IntegerFunction {
        func callAsFunction<T: FixedWidthInteger>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? 0 &- 1 : 0) }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        if let r = Elementwise.integer(x, F()) { return [r] }
        return [try Elementwise.unary(x, name: "Sign", { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) },
                                      double: { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) })]
    }
}

extension Sign: PreservesInputType {}
