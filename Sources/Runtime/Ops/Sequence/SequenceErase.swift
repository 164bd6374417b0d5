import OnnxFormat

/// SequenceErase: the sequence without the element at `position` (optional int32/int64
/// scalar in [-n, n-1]; omitted, the last element) (ai.onnx SequenceErase, opsets 11-21).
struct SequenceErase: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        var (type, items) = try FlowSupport.sequence(inputs, 0, node)
        let at: Int
        if let p = try FlowSupport.optionalTensor(inputs, 1, node) {
            at = try FlowSupport.position(p, count: items.count, allowEnd: false, node)
        } else {
            guard !items.isEmpty else { throw RuntimeError.node(node, "cannot erase from an empty sequence") }
            at = items.count - 1
        }
        items.remove(at: at)
        return [.sequence(elementType: type, items)]
    }
}
