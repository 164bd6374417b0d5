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
        ExternalInitializers.readOnlyBy(graph, candidate: { ini, shape, count in
            guard let dt = DataType(rawValue: ini.dataType), let bytes = ExternalTensorFile.storedBytes(dt), !shape.isEmpty else {
                return false
            }
            return count * bytes >= minimumBytes
        }, serves: { n, reads in
            let axis = n.attribute.first { $0.name == "axis" }?.i ?? 0
            return n.opType == "Gather" && (n.domain.isEmpty || n.domain == "ai.onnx") && axis == 0
                && reads.count == 1 && reads[0].offset == 0
        })
    }
}
