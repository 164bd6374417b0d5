/// keras.layers.GlobalAveragePooling1D: one ReduceMean over the spatial axes (keepdims honoured).
enum GlobalAveragePooling1DLayer: KerasLayerConverter {
    static let classNames = ["GlobalAveragePooling1D", "GlobalAveragePool1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.global(c, rank: 1, op: "ReduceMean") }
}
