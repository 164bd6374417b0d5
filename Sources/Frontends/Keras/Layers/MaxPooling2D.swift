/// keras.layers.MaxPooling2D: ONNX MaxPool in channels-first layout.
enum MaxPooling2DLayer: KerasLayerConverter {
    static let classNames = ["MaxPooling2D", "MaxPool2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.convert(c, rank: 2, op: "MaxPool") }
}
