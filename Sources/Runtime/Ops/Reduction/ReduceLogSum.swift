import OnnxFormat

/// ReduceLogSum: log of the sum over `axes` (ai.onnx ReduceLogSum, opsets 1-18). `axes` is an attribute before opset
/// 18 and optional input 1 from 18 (with `noop_with_empty_axes`); no axes reduces all.
/// `keepdims` default 1. Float types and integer types.
struct ReduceLogSum: Operator {
    let reduce: Reduce
    init(_ node: NodeInfo) throws { reduce = try Reduce(node, .logSum, axesInputSince: 18) }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { [try reduce.run(inputs)] }
}

extension ReduceLogSum: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { try reduce.inferTypes(inputs, constants: constants) }
}
