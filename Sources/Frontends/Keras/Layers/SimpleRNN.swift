/// keras.layers.SimpleRNN: one ONNX RNN.
enum SimpleRNNLayer: KerasLayerConverter {
    static let classNames = ["SimpleRNN"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Recurrent.convert(c) }
}
