import OnnxFormat

/// SequenceInsert: the sequence with `tensor` inserted at `position` (ai.onnx
/// SequenceInsert, opsets 11-21). `position` (optional int32/int64 scalar) lies in
/// [-n, n], negative counting from the back; omitted, the tensor is appended. The tensor's
/// element type must match the sequence's.
struct SequenceInsert: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        var (type, items) = try FlowSupport.sequence(inputs, 0, node)
        let t = try FlowSupport.tensor(inputs, 1, node)
        if let type, type != t.dataType {
            throw RuntimeError.node(node, "cannot insert a \(t.dataType) tensor into a sequence of \(type)")
        }
        let at = try FlowSupport.optionalTensor(inputs, 2, node).map {
            try FlowSupport.position($0, count: items.count, allowEnd: true, node)
        } ?? items.count
        items.insert(.tensor(t), at: at)
        return [.sequence(elementType: type ?? t.dataType, items)]
    }
}
