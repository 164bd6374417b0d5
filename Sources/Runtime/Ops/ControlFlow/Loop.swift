import OnnxFormat

/// Loop: runs `body` while the trip count and the condition allow (ai.onnx Loop, opsets
/// 1-21).
///
/// Inputs: `M` (optional int64 trip count), `cond` (optional bool), then N loop-carried
/// initial values. The body takes (iteration number, condition, N carried values) and
/// returns (condition, N carried values, K scan outputs). The node's outputs are the final
/// carried values and, for each scan output, the per-iteration values stacked along a new
/// axis 0. With `cond` omitted the body's condition output is ignored (a for loop); with
/// `M` omitted the loop runs until the condition is false; with both omitted it would never
/// end and is an error. Carried values may be sequences (opset 13+) and optionals (16+);
/// the body may read any name visible where the node is.
struct Loop: ValueOperator {
    let node: NodeInfo
    let body: InferenceSession
    let carried: Int
    let scans: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        body = try node.subgraph("body")
        guard body.inputs.count >= 2 else {
            throw RuntimeError.node(node, "body must take at least 2 inputs (iteration number, condition), it takes \(body.inputs.count)")
        }
        carried = body.inputs.count - 2
        scans = body.outputs.count - 1 - carried
        guard scans >= 0 else {
            throw RuntimeError.node(node, "body returns \(body.outputs.count) outputs, needs at least 1 + \(carried) carried values")
        }
        guard node.inputNames.count == 2 + carried else {
            throw RuntimeError.node(node, "node has \(node.inputNames.count) inputs, the body carries \(carried) values (expected \(2 + carried))")
        }
        guard node.outputNames.count <= carried + scans else {
            throw RuntimeError.node(node, "node has \(node.outputNames.count) outputs, the body makes \(carried) carried values and \(scans) scan outputs")
        }
    }

    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let tripCount = try FlowSupport.optionalTensor(inputs, 0, node).map { try FlowSupport.integer($0, node, "M") }
        let condGiven = try FlowSupport.optionalTensor(inputs, 1, node).map { try FlowSupport.truth($0, node, "cond") }
        guard tripCount != nil || condGiven != nil else {
            throw RuntimeError.node(node, "neither trip count M nor cond is given: the loop would never end")
        }
        var values: [Value] = try (0..<carried).map { try FlowSupport.required(inputs, 2 + $0, node) }
        var stacks = [[Tensor]](repeating: [], count: scans)
        var cond = condGiven ?? true
        var i = 0
        while cond, tripCount.map({ i < $0 }) ?? true {
            let iter = FlowSupport.scalar(.scalar(Int64(i)), for: body.inputs.first)
            let condIn = FlowSupport.scalar(Tensor(uncheckedType: .bool, shape: [], storage: .bool([cond])), for: body.inputs[1])
            let carriedIn = zip(values, body.inputs.dropFirst(2)).map { v, sig -> Value in
                // A body that declares an optional input may be handed the plain value the
                // previous iteration returned (onnx's own test_loop16_seq_none does this).
                if sig.kind == .optional, v.kind != "optional" { return .optional(v) }
                return v
            }
            let outs = try body.runOrdered([.tensor(iter), .tensor(condIn)] + carriedIn, outer: context.outer)
            guard outs.count == 1 + carried + scans else {
                throw RuntimeError.node(node, "body returned \(outs.count) values, expected \(1 + carried + scans)")
            }
            if condGiven != nil {
                cond = try FlowSupport.truth(outs[0].asTensor("body condition"), node, "body condition")
            }
            values = Array(outs[1..<(1 + carried)])
            for k in 0..<scans {
                guard case .tensor(let t) = outs[1 + carried + k] else {
                    throw RuntimeError.node(node, "scan output \(k) is a \(outs[1 + carried + k].kind), expected a tensor")
                }
                stacks[k].append(t)
            }
            i += 1
        }
        var result = values
        for k in 0..<scans {
            if stacks[k].isEmpty {
                result.append(.tensor(FlowSupport.emptyStack(body.outputs[1 + carried + k], axis: 0)))
            } else {
                result.append(.tensor(try FlowSupport.stack(stacks[k], axis: 0, node)))
            }
        }
        return result
    }
}
