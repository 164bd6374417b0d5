/// keras.layers.GlobalAveragePooling2D: one ReduceMean over the spatial axes (keepdims honoured).
enum GlobalAveragePooling2DLayer: KerasLayerConverter {
    static let classNames = ["GlobalAveragePooling2D", "GlobalAveragePool2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.global(c, rank: 2, op: "ReduceMean") }
}
