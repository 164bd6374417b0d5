/// keras.layers.MaxPooling3D: ONNX MaxPool in channels-first layout.
enum MaxPooling3DLayer: KerasLayerConverter {
    static let classNames = ["MaxPooling3D", "MaxPool3D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.convert(c, rank: 3, op: "MaxPool") }
}
