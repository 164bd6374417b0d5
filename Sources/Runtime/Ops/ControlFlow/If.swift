import OnnxFormat

/// If: runs `then_branch` when the condition is true, else `else_branch`, and returns
/// that branch's outputs (ai.onnx If, opsets 1-21). The condition is a one-element bool
/// tensor. Outputs may be tensors, sequences (opset 13+) or optionals (opset 16+); the
/// branches may read any name visible where the node is.
struct If: ValueOperator {
    let node: NodeInfo
    let thenBranch: InferenceSession
    let elseBranch: InferenceSession

    init(_ node: NodeInfo) throws {
        self.node = node
        thenBranch = try node.subgraph("then_branch")
        elseBranch = try node.subgraph("else_branch")
        for (name, g) in [("then_branch", thenBranch), ("else_branch", elseBranch)] {
            guard g.inputs.isEmpty else { throw RuntimeError.node(node, "\(name) must take no inputs, it takes \(g.inputs.count)") }
            guard g.outputs.count == node.outputNames.count else {
                throw RuntimeError.node(node, "\(name) has \(g.outputs.count) outputs, the node has \(node.outputNames.count)")
            }
        }
    }

    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let cond = try FlowSupport.truth(FlowSupport.tensor(inputs, 0, node), node, "cond")
        return try (cond ? thenBranch : elseBranch).runOrdered([], outer: context.outer)
    }
}

extension If: ShapeInferring {
    /// Each output: what both branches agree on (element type; rank and dimensions where
    /// they are equal).
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        zip(thenBranch.outputs, elseBranch.outputs).map { a, b -> ValueType? in
            guard a.kind == .tensor, b.kind == .tensor else { return nil }
            let x = thenBranch.inferredTypes[a.name] ?? a.type, y = elseBranch.inferredTypes[b.name] ?? b.type
            let type = x.dataType == y.dataType ? x.dataType : nil
            guard let s = x.shape, let t = y.shape, s.count == t.count else { return ValueType(type, nil) }
            return ValueType(type, zip(s, t).map { $0 == $1 ? $0 : .unknown })
        }
    }
}
