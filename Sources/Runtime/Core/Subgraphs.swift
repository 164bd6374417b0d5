import OnnxFormat

/// Scoping of subgraphs (If branches, Loop and Scan bodies).
enum Subgraphs {
    /// The names a node's subgraphs read from enclosing scopes: used inside, defined by no
    /// enclosing graph between the use and this node. Nested subgraphs count too.
    static func freeVariables(of node: Onnx_NodeProto) -> Set<String> {
        var free = Set<String>()
        for a in node.attribute {
            if a.hasG { free.formUnion(freeVariables(of: a.g)) }
            for g in a.graphs { free.formUnion(freeVariables(of: g)) }
        }
        return free
    }

    static func freeVariables(of graph: Onnx_GraphProto) -> Set<String> {
        var defined = Set(graph.input.map(\.name)).union(graph.initializer.map(\.name))
        defined.formUnion(graph.sparseInitializer.map(\.values.name))
        for n in graph.node { for o in n.output { defined.insert(o) } }
        var used = Set<String>()
        for n in graph.node {
            for i in n.input where !i.isEmpty { used.insert(i) }
            used.formUnion(freeVariables(of: n))
        }
        for o in graph.output { used.insert(o.name) }
        return used.subtracting(defined)
    }
}
