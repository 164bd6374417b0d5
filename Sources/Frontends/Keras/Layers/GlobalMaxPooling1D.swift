/// keras.layers.GlobalMaxPooling1D: one ReduceMax over the spatial axes (keepdims honoured).
enum GlobalMaxPooling1DLayer: KerasLayerConverter {
    static let classNames = ["GlobalMaxPooling1D", "GlobalMaxPool1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.global(c, rank: 1, op: "ReduceMax") }
}
