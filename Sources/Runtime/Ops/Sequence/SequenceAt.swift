import OnnxFormat

/// SequenceAt: the element at `position` (int32/int64 scalar in [-n, n-1], negative
/// counting from the back) (ai.onnx SequenceAt, opsets 11-21).
struct SequenceAt: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let (_, items) = try FlowSupport.sequence(inputs, 0, node)
        let at = try FlowSupport.position(FlowSupport.tensor(inputs, 1, node), count: items.count, allowEnd: false, node)
        return [items[at]]
    }
}
