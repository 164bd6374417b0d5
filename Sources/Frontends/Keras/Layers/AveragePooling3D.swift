/// keras.layers.AveragePooling3D: ONNX AveragePool in channels-first layout.
enum AveragePooling3DLayer: KerasLayerConverter {
    static let classNames = ["AveragePooling3D", "AveragePool3D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.convert(c, rank: 3, op: "AveragePool") }
}
