import OnnxFormat

/// MaxPool: largest element of each window (ai.onnx MaxPool, opsets 1-22). Attributes
/// auto_pad, ceil_mode (opset 10+), dilations (opset 10+), kernel_shape (required), pads,
/// storage_order (opset 8+), strides. The optional second output Indices (opset 8+,
/// int64) holds flat indices into X. Types: float, double, float16, bfloat16, and
/// int8/uint8 (opset 12+).
struct MaxPool: Operator {
    let node: NodeInfo
    let window: WindowAttributes
    let storageOrder: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        window = try WindowAttributes(node, ceilMode: node.opset >= 10, dilations: node.opset >= 10)
        storageOrder = node.opset >= 8 ? try node.int("storage_order", default: 0) : 0
        guard storageOrder == 0 || storageOrder == 1 else {
            throw RuntimeError.node(node, "attribute 'storage_order' = \(storageOrder) must be 0 or 1")
        }
        guard window.kernelShape != nil else { throw RuntimeError.node(node, "attribute 'kernel_shape' is required") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        try runPool(node, window, node.required(inputs, 0), kind: .max, indices: node.wantsOutput(1),
                    storageOrder: storageOrder, allowInt8: true)
    }
}

extension MaxPool: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        try inferPool(node, window, inputs)
    }
}
