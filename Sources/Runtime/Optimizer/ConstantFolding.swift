import OnnxFormat

/// Nodes whose inputs are all constant are replaced by their values, computed at the
/// start of the round by the session's own load-time folding (`GraphFacts.analyse`).
///
/// This writes into the graph what the session would fold at every load anyway, so that
/// the other passes see the constants (a Clip bound, a Reshape target, weights made by
/// ConstantOfShape) and a saved model carries them. When the graph is written to a file,
/// a value much larger than its node's inputs (ConstantOfShape, Expand, Tile of a small
/// tensor) stays a node, so an optimised file never balloons; for a session every folded
/// value is kept, since the session would hold it after its own folding anyway. Graph
/// outputs keep their producer.
struct ConstantFolding: OptimizationPass {
    let name = "fold-constants"

    /// A folded value is kept when it has at most this many elements, or no more than its
    /// node's inputs together.
    static let smallValue = 1 << 16

    func run(_ g: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String] {
        var done: [String] = []
        var removed = Set<Int>()
        for i in facts.foldedNodes.sorted() where i < g.nodes.count {
            let n = g.nodes[i]
            let outs = n.output.filter { !$0.isEmpty }
            guard !outs.contains(where: { g.graphOutputs.contains($0) }),
                  outs.allSatisfy({ facts.folded[$0] != nil }) else { continue }
            let inputSize = n.input.reduce(0) { $0 + (facts.constant($1, g)?.count ?? 0) }
            let outputSize = outs.reduce(0) { $0 + (facts.folded[$1]?.count ?? 0) }
            guard !g.limitFoldedSize || outputSize <= max(Self.smallValue, inputSize) else { continue }
            for o in outs {
                g.constants[o] = facts.folded[o]
                g.constantOrder.append(o)
            }
            removed.insert(i)
            done.append(n.name.isEmpty ? n.opType : n.name)
        }
        g.remove(removed)
        return done
    }
}
