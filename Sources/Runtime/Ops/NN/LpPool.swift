import OnnxFormat

/// LpPool: (sum over the window of |x|^p)^(1/p), padding counting as zero (ai.onnx
/// LpPool, opsets 1-22). Attributes auto_pad, ceil_mode and dilations (opset 18+),
/// kernel_shape (required), p (float in opset 1, int from opset 2; default 2), pads,
/// strides. Types: float, double, float16, bfloat16.
struct LpPool: Operator {
    let node: NodeInfo
    let window: WindowAttributes
    let p: Double

    init(_ node: NodeInfo) throws {
        self.node = node
        window = try WindowAttributes(node, ceilMode: node.opset >= 18, dilations: node.opset >= 18)
        p = try lpNorm(node)
        guard window.kernelShape != nil else { throw RuntimeError.node(node, "attribute 'kernel_shape' is required") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        try runPool(node, window, node.required(inputs, 0), kind: .lp(p: p))
    }
}

/// The `p` attribute of LpPool and GlobalLpPool: a float in opset 1, an int later; default 2.
func lpNorm(_ node: NodeInfo) throws -> Double {
    var p = 2.0
    if let a = node.attributes["p"] {
        p = a.type == .float || (a.hasF && !a.hasI) ? Double(a.f) : Double(a.i)
    }
    guard p > 0, p.isFinite else { throw RuntimeError.node(node, "attribute 'p' = \(p) must be positive") }
    return p
}

extension LpPool: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        try inferPool(node, window, inputs)
    }
}
