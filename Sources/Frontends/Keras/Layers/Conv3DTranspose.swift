/// keras.layers.Conv3DTranspose: one ONNX ConvTranspose (Keras' torch/JAX output window).
enum Conv3DTransposeLayer: KerasLayerConverter {
    static let classNames = ["Conv3DTranspose", "Convolution3DTranspose"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try TransposedConvolution.convert(c, rank: 3) }
}
