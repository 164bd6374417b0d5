import OnnxFormat

/// What the ai.onnx.preview.training optimizers share. Their inputs are R (learning rate,
/// a float or double scalar), T (iteration count, an int64 scalar), then `groups` groups
/// of n tensors each (X1..Xn, G1..Gn, then the optimizer's state: V1..Vn and/or H1..Hn);
/// their outputs are groups of n too (X1_new..Xn_new, then the new states). Tensor i of
/// every group has one shape; float or double. Each step is elementwise: it is computed
/// in Double and rounded back to the tensor's type.
enum OptimizerSupport {
    /// Runs `step` on every element: it takes (r, t, the element of each input group) and
    /// returns the element of each output group. Output group k has the type and shape of
    /// input group `outputSources[k]` (0 = X, 1 = G, 2 = the first state...).
    static func run(_ node: NodeInfo, _ inputs: [Tensor?], inputGroups: Int, outputSources: [Int],
                    _ step: (Double, Int64, [Double]) -> [Double]) throws -> [Tensor] {
        guard inputs.count >= 2 + inputGroups, (inputs.count - 2) % inputGroups == 0 else {
            throw RuntimeError.node(node, "expects R, T and \(inputGroups) groups of tensors, got \(inputs.count) inputs")
        }
        let n = (inputs.count - 2) / inputGroups
        guard node.outputNames.count <= n * outputSources.count else {
            throw RuntimeError.node(node, "has \(node.outputNames.count) outputs, expected at most \(n * outputSources.count)")
        }
        let rT = try node.required(inputs, 0), tT = try node.required(inputs, 1)
        guard rT.count == 1, rT.dataType == .float || rT.dataType == .double, let r = rT.asDoubles()?.first else {
            throw RuntimeError.node(node, "R must be a float or double scalar, got \(rT.dataType)\(rT.shape)")
        }
        guard tT.count == 1, tT.dataType == .int64, let t = tT.asInt64s()?.first else {
            throw RuntimeError.node(node, "T must be an int64 scalar, got \(tT.dataType)\(tT.shape)")
        }
        var outputs = [Tensor?](repeating: nil, count: n * outputSources.count)
        for i in 0..<n {
            let group = try (0..<inputGroups).map { try node.required(inputs, 2 + $0 * n + i) }
            for g in group {
                guard g.dataType == .float || g.dataType == .double else {
                    throw RuntimeError.node(node, "element type \(g.dataType) is not supported (float or double)")
                }
                guard g.shape == group[0].shape else {
                    throw RuntimeError.node(node, "tensor \(i + 1) of each group must have one shape, got \(group[0].shape) and \(g.shape)")
                }
            }
            let values = group.map { $0.asDoubles() ?? [] }
            var results = [[Double]](repeating: [Double](repeating: 0, count: group[0].count), count: outputSources.count)
            for e in 0..<group[0].count {
                let out = step(r, t, values.map { $0[e] })
                for k in 0..<outputSources.count { results[k][e] = out[k] }
            }
            for (k, source) in outputSources.enumerated() {
                let like = group[source]
                outputs[k * n + i] = try node.wrap {
                    try Cast.convert(Tensor(uncheckedType: .double, shape: like.shape, storage: .double(results[k])), to: like.dataType)
                }
            }
        }
        return Array(outputs.compactMap { $0 }.prefix(node.outputNames.count))
    }

    /// Output k of group j has the type and shape of input `2 + outputSources[j] * n + k`.
    static func inferTypes(_ node: NodeInfo, _ inputs: [ValueType?], inputGroups: Int, outputSources: [Int]) -> [ValueType?] {
        let count = node.inputNames.count
        guard count >= 2 + inputGroups, (count - 2) % inputGroups == 0 else { return [] }
        let n = (count - 2) / inputGroups
        return outputSources.flatMap { s in (0..<n).map { inputs.at(2 + s * n + $0) } }
    }
}
