import OnnxFormat

/// Scan: runs `body` once per slice of the scan inputs, carrying state between iterations
/// (ai.onnx Scan, opsets 8-21).
///
/// The body takes (N states, M scan-input slices) and returns (N states, K scan-output
/// slices); `num_scan_inputs` is M. The node returns the final states and the K scan
/// outputs stacked over the iterations.
///
/// - Opset 8: inputs are (`sequence_lens` (optional), N states, M scan inputs), all with a
///   leading batch axis; the scan axis is 1. Each batch entry runs on its own for
///   `sequence_lens[b]` steps (default: all); scan outputs are padded with zeros past that
///   length. `directions` (default all 0) reverses individual scan inputs.
/// - Opset 9+: inputs are (N states, M scan inputs) without a batch axis.
///   `scan_input_axes` / `scan_output_axes` (default 0; negative from opset 11) choose the
///   axis sliced or stacked; `scan_input_directions` / `scan_output_directions` (default
///   0) reverse them.
struct Scan: ValueOperator {
    let node: NodeInfo
    let body: InferenceSession
    let numScanInputs: Int
    let states: Int
    let scanOutputs: Int
    let inputAxes: [Int]
    let inputDirections: [Int]
    let outputAxes: [Int]
    let outputDirections: [Int]

    init(_ node: NodeInfo) throws {
        self.node = node
        body = try node.subgraph("body")
        guard let m = try node.int("num_scan_inputs"), m >= 1 else {
            throw RuntimeError.node(node, "attribute 'num_scan_inputs' is required and must be positive")
        }
        numScanInputs = m
        states = body.inputs.count - m
        scanOutputs = body.outputs.count - states
        guard states >= 0, scanOutputs >= 0 else {
            throw RuntimeError.node(node, "body takes \(body.inputs.count) inputs and returns \(body.outputs.count) outputs, inconsistent with num_scan_inputs = \(m)")
        }
        let batched = node.opset < 9
        guard node.inputNames.count == states + m + (batched ? 1 : 0) else {
            throw RuntimeError.node(node, "node has \(node.inputNames.count) inputs, expected \(states + m + (batched ? 1 : 0))")
        }
        if batched {
            inputDirections = try node.ints("directions", default: [Int](repeating: 0, count: m))
            inputAxes = [Int](repeating: 0, count: m)
            outputAxes = [Int](repeating: 0, count: scanOutputs)
            outputDirections = [Int](repeating: 0, count: scanOutputs)
        } else {
            inputAxes = try node.ints("scan_input_axes", default: [Int](repeating: 0, count: m))
            inputDirections = try node.ints("scan_input_directions", default: [Int](repeating: 0, count: m))
            outputAxes = try node.ints("scan_output_axes", default: [Int](repeating: 0, count: scanOutputs))
            outputDirections = try node.ints("scan_output_directions", default: [Int](repeating: 0, count: scanOutputs))
        }
        guard inputAxes.count == m, inputDirections.count == m else {
            throw RuntimeError.node(node, "scan input axes/directions must list \(m) values")
        }
        guard outputAxes.count == scanOutputs, outputDirections.count == scanOutputs else {
            throw RuntimeError.node(node, "scan output axes/directions must list \(scanOutputs) values")
        }
        guard (inputDirections + outputDirections).allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw RuntimeError.node(node, "scan directions must be 0 (forward) or 1 (reverse)")
        }
        if !batched && node.opset < 11, (inputAxes + outputAxes).contains(where: { $0 < 0 }) {
            throw RuntimeError.node(node, "negative scan axes need opset 11")
        }
    }

    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        if node.opset < 9 { return try runBatched(inputs, context: context) }
        let initial = try (0..<states).map { try FlowSupport.required(inputs, $0, node) }
        let xs = try (0..<numScanInputs).map { try FlowSupport.tensor(inputs, states + $0, node) }
        let axes = try zip(xs, inputAxes).map { try Index.axis($1, rank: $0.rank, node, what: "scan_input_axes entry") }
        let (final, stacks) = try scan(initial, xs, axes: axes, directions: inputDirections, length: nil, context: context)
        var result = final
        for k in 0..<scanOutputs {
            let sig = body.outputs[states + k]
            let slices = outputDirections[k] == 1 ? Array(stacks[k].reversed()) : stacks[k]
            let rank = (slices.first?.rank ?? sig.type.rank ?? 0) + 1
            let axis = try Index.axis(outputAxes[k], rank: rank, node, what: "scan_output_axes entry")
            result.append(.tensor(slices.isEmpty ? FlowSupport.emptyStack(sig, axis: axis) : try FlowSupport.stack(slices, axis: axis, node)))
        }
        return result
    }

    /// The shared loop: slices each scan input along its axis (in its direction) for
    /// `length` steps (default: the common length) and runs the body.
    private func scan(_ initial: [Value], _ xs: [Tensor], axes: [Int], directions: [Int], length: Int?,
                      context: ExecutionContext) throws -> ([Value], [[Tensor]]) {
        var full: Int?
        for (x, a) in zip(xs, axes) {
            if let f = full, f != x.shape[a] {
                throw RuntimeError.node(node, "scan inputs have different lengths (\(f) and \(x.shape[a]))")
            }
            full = x.shape[a]
        }
        let n = length ?? full ?? 0
        guard n >= 0, n <= (full ?? 0) else { throw RuntimeError.node(node, "sequence length \(n) exceeds the scan length \(full ?? 0)") }
        var values = initial
        var stacks = [[Tensor]](repeating: [], count: scanOutputs)
        for t in 0..<n {
            var feeds = values
            for (j, x) in xs.enumerated() {
                let index = directions[j] == 1 ? n - 1 - t : t
                feeds.append(.tensor(try FlowSupport.slice(x, axis: axes[j], index: index)))
            }
            let outs = try body.runOrdered(feeds, outer: context.outer)
            guard outs.count == states + scanOutputs else {
                throw RuntimeError.node(node, "body returned \(outs.count) values, expected \(states + scanOutputs)")
            }
            values = Array(outs[0..<states])
            for k in 0..<scanOutputs {
                guard case .tensor(let y) = outs[states + k] else {
                    throw RuntimeError.node(node, "scan output \(k) is a \(outs[states + k].kind), expected a tensor")
                }
                stacks[k].append(y)
            }
        }
        return (values, stacks)
    }

    /// Opset 8: a leading batch axis on every state and scan input; scan axis 1.
    private func runBatched(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let lens = try FlowSupport.optionalTensor(inputs, 0, node).map { try Index.ints($0, node, "sequence_lens") }
        let initial = try (0..<states).map { try FlowSupport.tensor(inputs, 1 + $0, node) }
        let xs = try (0..<numScanInputs).map { try FlowSupport.tensor(inputs, 1 + states + $0, node) }
        let all = initial + xs
        guard let batch = all.first?.shape.first, all.allSatisfy({ $0.rank >= 1 && $0.shape[0] == batch }) else {
            throw RuntimeError.node(node, "every state and scan input needs the same leading batch dimension")
        }
        guard xs.allSatisfy({ $0.rank >= 2 }) else { throw RuntimeError.node(node, "scan inputs need rank >= 2 (batch, sequence, ...)") }
        let maxLen = xs.first?.shape[1] ?? 0
        if let lens, lens.count != batch {
            throw RuntimeError.node(node, "sequence_lens has \(lens.count) entries, batch is \(batch)")
        }
        var finals = [[Tensor]](repeating: [], count: states)
        var outs = [[Tensor]](repeating: [], count: scanOutputs)
        for b in 0..<batch {
            let s0 = try initial.map { Value.tensor(try FlowSupport.slice($0, axis: 0, index: b)) }
            let xb = try xs.map { try FlowSupport.slice($0, axis: 0, index: b) }
            let len = lens?[b] ?? maxLen
            guard len >= 0, len <= maxLen else { throw RuntimeError.node(node, "sequence_lens[\(b)] = \(len) is out of range 0...\(maxLen)") }
            let (final, stacks) = try scan(s0, xb, axes: [Int](repeating: 0, count: xb.count), directions: inputDirections,
                                           length: len, context: context)
            for k in 0..<states { finals[k].append(try final[k].asTensor("state \(k)")) }
            for k in 0..<scanOutputs {
                let sig = body.outputs[states + k]
                guard let shape = stacks[k].first?.shape ?? sig.type.fixedShape else {
                    throw RuntimeError.node(node, "scan output \(k): no iterations and no declared shape")
                }
                let type = stacks[k].first?.dataType ?? sig.dataType ?? .float
                let pad = Tensor.zeros(type, shape: shape)
                let padded = stacks[k] + [Tensor](repeating: pad, count: maxLen - stacks[k].count)
                outs[k].append(maxLen == 0 ? Tensor.zeros(type, shape: [0] + shape) : try FlowSupport.stack(padded, axis: 0, node))
            }
        }
        var result: [Value] = []
        for k in 0..<states { result.append(.tensor(try FlowSupport.stack(finals[k], axis: 0, node))) }
        for k in 0..<scanOutputs { result.append(.tensor(try FlowSupport.stack(outs[k], axis: 0, node))) }
        return result
    }
}
