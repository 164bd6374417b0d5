import OnnxFormat

/// GlobalLpPool: (sum over all spatial positions of |x|^p)^(1/p), Y [N, C, 1, ...]
/// (ai.onnx GlobalLpPool, opsets 1-22; p is a float in opset 1, an int later, default 2).
/// Types: float, double, float16, bfloat16.
struct GlobalLpPool: Operator {
    let node: NodeInfo
    let p: Double
    init(_ node: NodeInfo) throws { self.node = node; p = try lpNorm(node) }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        try runGlobalPool(node, node.required(inputs, 0), kind: .lp(p: p))
    }
}

extension GlobalLpPool: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        try inferGlobalPool(node, inputs)
    }
}
