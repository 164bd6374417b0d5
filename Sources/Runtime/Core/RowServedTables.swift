import OnnxFormat

/// Large tables that a session leaves in their external-data file and serves row by row:
/// a BERT-style word embedding (30522 x 768 floats, 94 MB) is read by one Gather whose
/// indices are the token ids, so a run needs a few hundred of its rows. Decoding the whole
/// table held those 94 MB for the session's life; onnxruntime maps external data in place
/// and touches only the rows it gathers.
///
/// A table qualifies when it is an initializer with external data of a type stored as its
/// in-memory form, at least `minimumBytes` large, not a graph output, not read by a
/// subgraph, and every node that reads it is an ai.onnx Gather along axis 0 reading it as
/// its data (input 0) only. Whatever else happens (a Gather with constant indices that load-
/// time folding runs, a reader that is not such a Gather), the session decodes the table
/// after all, so the rule only decides where the bytes come from, never the results.
enum RowServedTables {
    /// Below this a table is simply decoded (row reads cost a system call each).
    static let minimumBytes = 4 << 20

    /// The names of `graph`'s initializers that qualify (see above).
    static func names(in graph: Onnx_GraphProto) -> Set<String> {
        var candidates: Set<String> = []
        for ini in graph.initializer where ini.dataLocation == .external {
            guard let dt = DataType(rawValue: ini.dataType), let bytes = ExternalTensorFile.storedBytes(dt),
                  let (shape, count) = try? Tensor.checkedShape(ini, name: ini.name), !shape.isEmpty else { continue }
            if count * bytes >= minimumBytes { candidates.insert(ini.name) }
        }
        guard !candidates.isEmpty else { return [] }
        candidates.subtract(graph.output.map(\.name))
        var gathered: Set<String> = []
        for n in graph.node {
            if n.attribute.contains(where: { $0.hasG || !$0.graphs.isEmpty }) {
                candidates.subtract(Subgraphs.freeVariables(of: n))
            }
            let reads = n.input.enumerated().filter { candidates.contains($0.element) }
            guard !reads.isEmpty else { continue }
            let axis = n.attribute.first { $0.name == "axis" }?.i ?? 0
            let isRowGather = n.opType == "Gather" && (n.domain.isEmpty || n.domain == "ai.onnx") && axis == 0
                && reads.count == 1 && reads[0].offset == 0
            for (_, name) in reads {
                if isRowGather { gathered.insert(name) } else { candidates.remove(name) }
            }
        }
        return candidates.intersection(gathered)
    }
}
