import OnnxFormat

/// BitwiseNot: elementwise bitwise complement of an integer tensor (ai.onnx BitwiseNot,
/// opset 18+). int8-int64, uint8-uint64.
struct BitwiseNot: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct F: IntegerFunction {
        func callAsFunction<T: FixedWidthInteger>(_ x: T) -> T { ~x }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard let r = Elementwise.integer(x, F()) else {
            throw RuntimeError.node(node, "element type \(x.dataType) is not an integer type")
        }
        return [r]
    }
}

extension BitwiseNot: PreservesInputType {}
