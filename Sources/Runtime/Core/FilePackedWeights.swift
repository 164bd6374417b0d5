import OnnxFormat

/// Linear-layer weights that a session packs straight from their external-data file, a
/// slice at a time (`FilePrepacking`), instead of decoding them first.
///
/// A packed form is as large as its weight, so packing a decoded weight holds it twice for
/// a moment, on top of everything loaded before it: the load's peak memory was the model
/// plus its largest matrix (vit_b_16's 9 MB MLP weights, mobilenet_v3_small's 4 MB
/// classifier, most of a small MLP's). Packed from the file, the weight's elements are
/// never all in memory beside their packed form.
///
/// A weight qualifies when it is a float32 matrix initializer with external data, at least
/// `minimumBytes` large, not a graph output, not read by a subgraph, and every node that
/// reads it is an ai.onnx MatMul or Gemm or a com.microsoft FusedGemm (what the optimiser
/// makes of a Gemm and its activation) reading it as input 1 (B) only. Whatever happens
/// next (an operator that declines to pack it, load-time folding), the session decodes it
/// after all, so the rule decides where the bytes come from, never the results.
enum FilePackedWeights {
    /// Below this a weight is decoded with the rest (a slice read is a system call).
    static let minimumBytes = 256 << 10

    /// The names of `graph`'s initializers that qualify (see above).
    static func names(in graph: Onnx_GraphProto) -> Set<String> {
        var candidates: Set<String> = []
        for ini in graph.initializer where ini.dataLocation == .external && ini.dataType == DataType.float.rawValue {
            guard let (shape, count) = try? Tensor.checkedShape(ini, name: ini.name), shape.count == 2 else { continue }
            if count * 4 >= minimumBytes { candidates.insert(ini.name) }
        }
        guard !candidates.isEmpty else { return [] }
        candidates.subtract(graph.output.map(\.name))
        var packed: Set<String> = []
        for n in graph.node {
            if n.attribute.contains(where: { $0.hasG || !$0.graphs.isEmpty }) {
                candidates.subtract(Subgraphs.freeVariables(of: n))
            }
            let reads = n.input.enumerated().filter { candidates.contains($0.element) }
            guard !reads.isEmpty else { continue }
            let standard = n.domain.isEmpty || n.domain == "ai.onnx"
            let packer = standard ? n.opType == "MatMul" || n.opType == "Gemm"
                : n.domain == "com.microsoft" && n.opType == "FusedGemm"
            let packs = packer && reads.count == 1 && reads[0].offset == 1
            for (_, name) in reads {
                if packs { packed.insert(name) } else { candidates.remove(name) }
            }
        }
        return candidates.intersection(packed)
    }
}
