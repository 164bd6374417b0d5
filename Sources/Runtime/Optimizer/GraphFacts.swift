import OnnxFormat

/// What the passes know of the graph at the start of a round, computed with the session's
/// own machinery: each node bound to its operator, nodes whose inputs are all constant run
/// once (`InferenceSession.foldable` / `execute`, the load-time folding), and static type
/// and shape inference (`ShapeInference.run`) over the result.
struct GraphFacts {
    /// Type and shape of every value inference could tell.
    var types: [String: ValueType]
    /// Values of the outputs of nodes that folding ran (not the initializers: those are in
    /// `OptimizerGraph.constants`).
    var folded: [String: Tensor]
    /// Indices of the nodes whose outputs are all in `folded`.
    var foldedNodes: Set<Int>

    /// The constant value of `name`: an initializer, a pass's constant, or folded.
    func constant(_ name: String, _ g: OptimizerGraph) -> Tensor? {
        g.constant(name) ?? (name.isEmpty ? nil : folded[name])
    }

    /// The element type of `name` when known.
    func dataType(_ name: String, _ g: OptimizerGraph) -> DataType? {
        types[name]?.dataType ?? constant(name, g)?.dataType
    }

    static func analyse(_ g: OptimizerGraph) throws -> GraphFacts {
        var scope = g.graphInputs.union(g.constants.keys).union(g.inFile.keys)
        for n in g.nodes { for o in n.output where !o.isEmpty { scope.insert(o) } }
        var bound: [(index: Int, info: NodeInfo, op: any Operator)] = []
        bound.reserveCapacity(g.nodes.count)
        for (i, n) in g.nodes.enumerated() {
            // Nodes with subgraphs are left unbound: building their sessions twice would
            // double their load time, and they are never folded or fused. Their outputs
            // stay untyped here, which only makes later passes more careful.
            if n.attribute.contains(where: { $0.hasG || !$0.graphs.isEmpty }) { continue }
            let domain = n.domain == "ai.onnx" ? "" : n.domain
            let info = NodeInfo(proto: n, opset: g.opsets[domain] ?? g.opsets[""] ?? 1, index: i,
                                opsets: g.opsets, scope: scope, baseDirectory: g.baseDirectory)
            guard let factory = OperatorRegistry.factory(domain: n.domain, opType: n.opType) else { continue }
            bound.append((i, info, try factory(info)))
        }

        var folded: [String: Tensor] = [:]
        var foldedNodes = Set<Int>()
        for b in bound {
            let allConstant = b.info.inputNames.allSatisfy { $0.isEmpty || g.constants[$0] != nil || folded[$0] != nil }
            guard allConstant, InferenceSession.foldable(b.info, b.op, hasImplicitInputs: false) else { continue }
            let ins = b.info.inputNames.map { $0.isEmpty ? nil : g.constants[$0] ?? folded[$0] }
            let outs = try InferenceSession.execute(b.info, b.op, ins)
            for (k, name) in b.info.outputNames.enumerated() where !name.isEmpty && k < outs.count { folded[name] = outs[k] }
            foldedNodes.insert(b.index)
        }

        var known: [String: ValueType] = [:]
        for v in g.base.input where g.constants[v.name] == nil { known[v.name] = ValueType(v) }
        for (name, t) in g.inFile { known[name] = t }
        var constantsByName = folded
        for (name, t) in g.constants { constantsByName[name] = t; known[name] = ValueType(of: t) }
        for (name, t) in folded { known[name] = ValueType(of: t) }
        var declared: [String: (what: String, type: ValueType)] = [:]
        for v in g.base.valueInfo { declared[v.name] = ("value", ValueType(v)) }
        for v in g.base.output { declared[v.name] = ("graph output", ValueType(v)) }
        let types = try ShapeInference.run(nodes: bound.map { ($0.info, $0.op) }, types: known,
                                           constants: constantsByName, declared: declared)
        return GraphFacts(types: types, folded: folded, foldedNodes: foldedNodes)
    }
}
