import OnnxFormat

/// AveragePool: mean of each window (ai.onnx AveragePool, opsets 1-22). Attributes
/// auto_pad, ceil_mode (opset 10+), count_include_pad (opset 7+; default 0: the divisor
/// counts only taps inside X), dilations (opset 19+), kernel_shape (required), pads,
/// strides. Types: float, double, float16, bfloat16.
struct AveragePool: Operator {
    let node: NodeInfo
    let window: WindowAttributes
    let countIncludePad: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        window = try WindowAttributes(node, ceilMode: node.opset >= 10, dilations: node.opset >= 19)
        countIncludePad = node.opset >= 7 ? try node.int("count_include_pad", default: 0) != 0 : false
        guard window.kernelShape != nil else { throw RuntimeError.node(node, "attribute 'kernel_shape' is required") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        try runPool(node, window, node.required(inputs, 0), kind: .average(countIncludePad: countIncludePad))
    }
}

extension AveragePool: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        try inferPool(node, window, inputs)
    }
}
