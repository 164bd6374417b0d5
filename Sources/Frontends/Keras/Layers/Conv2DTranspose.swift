/// keras.layers.Conv2DTranspose: one ONNX ConvTranspose (Keras' torch/JAX output window).
enum Conv2DTransposeLayer: KerasLayerConverter {
    static let classNames = ["Conv2DTranspose", "Convolution2DTranspose"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try TransposedConvolution.convert(c, rank: 2) }
}
