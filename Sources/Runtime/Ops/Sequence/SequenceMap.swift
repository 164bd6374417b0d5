import OnnxFormat

/// SequenceMap: runs `body` once per element of the input sequence and returns one
/// sequence per body output (ai.onnx SequenceMap, opsets 17-21).
///
/// The body's first input is element i of the input sequence; each additional input is
/// passed whole when it is a tensor, or as its element i when it is a sequence (which must
/// then be as long as the first). The body may read any name visible where the node is.
struct SequenceMap: ValueOperator {
    let node: NodeInfo
    let body: InferenceSession
    init(_ node: NodeInfo) throws {
        self.node = node
        body = try node.subgraph("body")
        guard body.inputs.count == node.inputNames.count else {
            throw RuntimeError.node(node, "body takes \(body.inputs.count) inputs, the node has \(node.inputNames.count)")
        }
        guard body.outputs.count == node.outputNames.count else {
            throw RuntimeError.node(node, "body returns \(body.outputs.count) outputs, the node has \(node.outputNames.count)")
        }
    }

    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let (_, items) = try FlowSupport.sequence(inputs, 0, node)
        let extra = try (1..<max(1, inputs.count)).map { try FlowSupport.required(inputs, $0, node) }
        for (k, v) in extra.enumerated() {
            if case .sequence(_, let other) = v, other.count != items.count {
                throw RuntimeError.node(node, "input \(k + 1) has \(other.count) elements, the first sequence \(items.count)")
            }
        }
        var results = [[Value]](repeating: [], count: body.outputs.count)
        for (i, item) in items.enumerated() {
            var feeds = [item]
            for v in extra {
                if case .sequence(_, let other) = v { feeds.append(other[i]) } else { feeds.append(v) }
            }
            let outs = try body.runOrdered(feeds, outer: context.outer)
            for (k, v) in outs.enumerated() where k < results.count { results[k].append(v) }
        }
        return results.enumerated().map { k, vs in
            .sequence(elementType: vs.first?.tensor?.dataType ?? body.outputs[k].dataType, vs)
        }
    }
}
