/// keras.layers.Embedding: Gather rows of the embedding matrix (float inputs are cast).
enum EmbeddingLayer: KerasLayerConverter {
    static let classNames = ["Embedding"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var x = c.g.keras(try c.input())
        let vocab = try c.cfg.int("input_dim"), dim = try c.cfg.int("output_dim")
        let w = try c.weight(0, "embeddings", shape: [vocab, dim])
        if x.elementType == .float {
            x.name = c.g.node1("Cast", [x.name], [KerasGraphBuilder.attr("to", int: Int(DataTypeCode.int64))], name: "\(c.name)/Cast")
        }
        let out = c.g.node1("Gather", [c.initializer(w, "embeddings"), x.name], [KerasGraphBuilder.attr("axis", int: 0)], name: "\(c.name)/Gather")
        return [c.output(out, shape: x.shape + [dim])]
    }
}

enum DataTypeCode { static let int64 = 7 }
