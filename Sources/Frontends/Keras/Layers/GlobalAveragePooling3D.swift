/// keras.layers.GlobalAveragePooling3D: one ReduceMean over the spatial axes (keepdims honoured).
enum GlobalAveragePooling3DLayer: KerasLayerConverter {
    static let classNames = ["GlobalAveragePooling3D", "GlobalAveragePool3D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.global(c, rank: 3, op: "ReduceMean") }
}
