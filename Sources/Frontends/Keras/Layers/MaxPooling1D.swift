/// keras.layers.MaxPooling1D: ONNX MaxPool in channels-first layout.
enum MaxPooling1DLayer: KerasLayerConverter {
    static let classNames = ["MaxPooling1D", "MaxPool1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.convert(c, rank: 1, op: "MaxPool") }
}
