import OnnxFormat

/// ReduceMin: minimum (NaN propagates; +inf for an empty float reduction) over `axes` (ai.onnx ReduceMin, opsets 1-20). `axes` is an attribute before opset
/// 18 and optional input 1 from 18 (with `noop_with_empty_axes`); no axes reduces all.
/// `keepdims` default 1. Float types, integer types and bool (False < True).
struct ReduceMin: Operator {
    let reduce: Reduce
    init(_ node: NodeInfo) throws { reduce = try Reduce(node, .min, axesInputSince: 18) }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { [try reduce.run(inputs)] }
}

extension ReduceMin: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { try reduce.inferTypes(inputs, constants: constants) }
}
