/// keras.layers.AveragePooling1D: ONNX AveragePool in channels-first layout.
enum AveragePooling1DLayer: KerasLayerConverter {
    static let classNames = ["AveragePooling1D", "AveragePool1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Pooling.convert(c, rank: 1, op: "AveragePool") }
}
