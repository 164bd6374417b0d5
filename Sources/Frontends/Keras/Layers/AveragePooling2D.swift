/// keras.layers.AveragePooling2D: ONNX AveragePool in channels-first layout.
enum AveragePooling2DLayer: KerasLayerConverter {
    static let classNames = ["AveragePooling2D", "AveragePool2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.convert(c, rank: 2, op: "AveragePool") }
}
