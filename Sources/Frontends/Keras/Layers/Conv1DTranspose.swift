/// keras.layers.Conv1DTranspose: one ONNX ConvTranspose (Keras' torch/JAX output window).
enum Conv1DTransposeLayer: KerasLayerConverter {
    static let classNames = ["Conv1DTranspose", "Convolution1DTranspose"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try TransposedConvolution.convert(c, rank: 1) }
}
