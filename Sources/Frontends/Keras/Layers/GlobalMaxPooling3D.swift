/// keras.layers.GlobalMaxPooling3D: one ReduceMax over the spatial axes (keepdims honoured).
enum GlobalMaxPooling3DLayer: KerasLayerConverter {
    static let classNames = ["GlobalMaxPooling3D", "GlobalMaxPool3D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.global(c, rank: 3, op: "ReduceMax") }
}
