import OnnxFormat

/// Removes nodes that hand their input through unchanged: Identity, Dropout in inference
/// mode (its mask output unused), and Cast to the element type the value already has.
///
/// Readers of the removed node's output read its input instead. When that output is a
/// graph output, the input's producer is renamed to produce it; when even that is
/// impossible (the input is itself a graph input, output or constant), the node stays.
struct IdentityElimination: OptimizationPass {
    let name = "remove-identities"

    func run(_ g: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String] {
        let uses = g.uses()
        var done: [String] = []
        var removed = Set<Int>()
        for i in g.nodes.indices {
            let n = g.nodes[i]
            guard let x = n.input.first, !x.isEmpty, let y = n.output.first, !y.isEmpty,
                  isPassThrough(n, g, facts, uses) else { continue }
            if g.bypass(i, input: x, output: y) {
                removed.insert(i)
                done.append(n.name.isEmpty ? n.opType : n.name)
            }
        }
        g.remove(removed)
        return done
    }

    func isPassThrough(_ n: Onnx_NodeProto, _ g: OptimizerGraph, _ facts: GraphFacts, _ uses: [String: [Int]]) -> Bool {
        if n.isOnnx("Identity") { return n.input.count == 1 && n.output.count == 1 }
        if n.isOnnx("Dropout") {
            // The mask (output 1) must be unused: removing the node removes it.
            guard n.output.dropFirst().allSatisfy({ g.isUnused($0, uses) }) else { return false }
            guard (g.opsets[""] ?? 1) >= 12, n.input.count > 2, !n.input[2].isEmpty else { return true }
            // training_mode given: only a constant false is inference.
            guard let t = facts.constant(n.input[2], g), let v = t.asInt64s(), v.count == 1 else { return false }
            return v[0] == 0
        }
        if n.isOnnx("Cast") {
            guard n.output.count == 1, let to = n.attribute("to"), let x = n.input.first,
                  let from = facts.dataType(x, g) else { return false }
            return Int64(from.rawValue) == to.i
        }
        return false
    }
}
