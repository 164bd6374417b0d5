/// keras.layers.GlobalMaxPooling2D: one ReduceMax over the spatial axes (keepdims honoured).
enum GlobalMaxPooling2DLayer: KerasLayerConverter {
    static let classNames = ["GlobalMaxPooling2D", "GlobalMaxPool2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.global(c, rank: 2, op: "ReduceMax") }
}
