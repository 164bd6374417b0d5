import OnnxFormat

/// The rule `RowServedTables` and `FilePackedWeights` share: which initializers a session
/// may leave in their external-data file because every node that reads them can take them
/// from there.
enum ExternalInitializers {
    /// The names of `graph`'s initializers with external data that `candidate` accepts (given
    /// the proto, its checked shape and element count), that are not graph outputs and not
    /// read by a subgraph, and for which `serves` accepts every node that reads them (given
    /// the node and the positions and names of the candidates among its inputs).
    static func readOnlyBy(_ graph: Onnx_GraphProto,
                           candidate: (_ proto: Onnx_TensorProto, _ shape: [Int], _ count: Int) -> Bool,
                           serves: (_ node: Onnx_NodeProto, _ reads: [(offset: Int, element: String)]) -> Bool) -> Set<String> {
        var candidates: Set<String> = []
        for ini in graph.initializer where ini.dataLocation == .external {
            guard let (shape, count) = try? Tensor.checkedShape(ini, name: ini.name), candidate(ini, shape, count) else { continue }
            candidates.insert(ini.name)
        }
        guard !candidates.isEmpty else { return [] }
        candidates.subtract(graph.output.map(\.name))
        var accepted: Set<String> = []
        for n in graph.node {
            if n.attribute.contains(where: { $0.hasG || !$0.graphs.isEmpty }) {
                candidates.subtract(Subgraphs.freeVariables(of: n))
            }
            let reads = n.input.enumerated().filter { candidates.contains($0.element) }
            guard !reads.isEmpty else { continue }
            let ok = serves(n, reads.map { (offset: $0.offset, element: $0.element) })
            for (_, name) in reads {
                if ok { accepted.insert(name) } else { candidates.remove(name) }
            }
        }
        return candidates.intersection(accepted)
    }
}
