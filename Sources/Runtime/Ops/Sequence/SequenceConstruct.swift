import OnnxFormat

/// SequenceConstruct: a sequence of the input tensors, in order (ai.onnx
/// SequenceConstruct, opsets 11-21). The inputs share one element type.
struct SequenceConstruct: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let ts = try inputs.indices.map { try FlowSupport.tensor(inputs, $0, node) }
        guard let first = ts.first else { throw RuntimeError.node(node, "needs at least one input") }
        for t in ts where t.dataType != first.dataType {
            throw RuntimeError.node(node, "inputs have different element types (\(first.dataType) and \(t.dataType))")
        }
        return [.sequence(elementType: first.dataType, ts.map(Value.tensor))]
    }
}
