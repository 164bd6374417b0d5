import OnnxFormat

/// Linear-layer and convolution weights that a session packs straight from their
/// external-data file, a slice at a time (`FilePrepacking`), instead of decoding them first.
///
/// A packed form is as large as its weight, so packing a decoded weight holds it twice for
/// a moment, on top of everything loaded before it: the load's peak memory was the model
/// plus its largest matrix (vit_b_16's 9 MB MLP weights, mobilenet_v3_small's 4 MB
/// classifier, most of a small MLP's). Packed from the file, the weight's elements are
/// never all in memory beside their packed form. Nor is a decoded copy written into fresh
/// pages first: resnet18's load spent about half its time decoding its 46 MB of
/// convolution weights into memory that was freed again once they were packed.
///
/// A weight qualifies when it is a float32 initializer with external data, at least
/// `minimumBytes` large, not a graph output, not read by a subgraph, and every node that
/// reads it reads it as input 1 only and is an ai.onnx MatMul or Gemm or a com.microsoft
/// FusedGemm (what the optimiser makes of a Gemm and its activation) with a matrix, or an
/// ai.onnx Conv or com.microsoft FusedConv with a 1-D or 2-D kernel whose output no
/// BatchNormalization reads (folding one rewrites W in the optimiser). Whatever happens
/// next (an operator that declines to pack it, load-time folding), the session decodes it
/// after all, so the rule decides where the bytes come from, never the results.
enum FilePackedWeights {
    /// Below this a weight is decoded with the rest (a slice read is a system call).
    static let minimumBytes = 64 << 10

    /// The names of `graph`'s initializers that qualify (see above).
    static func names(in graph: Onnx_GraphProto) -> Set<String> {
        // Folding a BatchNormalization into the convolution before it rewrites W.
        var normalized: Set<String> = []
        for n in graph.node where n.opType == "BatchNormalization" { normalized.formUnion(n.input.prefix(1)) }
        var rank: [String: Int] = [:]
        return ExternalInitializers.readOnlyBy(graph, candidate: { ini, shape, count in
            guard ini.dataType == DataType.float.rawValue, (2...4).contains(shape.count), count * 4 >= minimumBytes else { return false }
            rank[ini.name] = shape.count
            return true
        }, serves: { n, reads in
            let standard = n.domain.isEmpty || n.domain == "ai.onnx"
            let microsoft = n.domain == "com.microsoft"
            let linear = standard ? n.opType == "MatMul" || n.opType == "Gemm" : microsoft && n.opType == "FusedGemm"
            let conv = (standard && n.opType == "Conv") || (microsoft && n.opType == "FusedConv")
            guard reads.count == 1, reads[0].offset == 1 else { return false }
            return linear ? rank[reads[0].element] == 2
                : conv && rank[reads[0].element] != 2 && !n.output.contains(where: normalized.contains)
        })
    }
}
