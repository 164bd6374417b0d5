import OnnxFormat

/// ReduceSum: sum over `axes` (ai.onnx ReduceSum, opsets 1-18). `axes` is an attribute before opset
/// 13 and optional input 1 from 13 (with `noop_with_empty_axes`); no axes reduces all.
/// `keepdims` default 1. Float types and integer types.
struct ReduceSum: Operator {
    let reduce: Reduce
    init(_ node: NodeInfo) throws { reduce = try Reduce(node, .sum, axesInputSince: 13) }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { [try reduce.run(inputs)] }
}

extension ReduceSum: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { try reduce.inferTypes(inputs, constants: constants) }
}
