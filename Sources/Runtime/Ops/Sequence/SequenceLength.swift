import OnnxFormat

/// SequenceLength: the number of elements, as an int64 scalar (ai.onnx SequenceLength,
/// opsets 11-21).
struct SequenceLength: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let (_, items) = try FlowSupport.sequence(inputs, 0, node)
        return [.tensor(.scalar(Int64(items.count)))]
    }
}

extension SequenceLength: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.int64, fixed: [])]
    }
}
