/// keras.layers.LSTM: one ONNX LSTM (gates reordered i,f,c,o -> i,o,f,c at conversion).
enum LSTMLayer: KerasLayerConverter {
    static let classNames = ["LSTM"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Recurrent.convert(c) }
}
