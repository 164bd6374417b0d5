/// keras.layers.SeparableConv1D: a grouped depthwise Conv, then a 1x1 Conv with the bias.
enum SeparableConv1DLayer: KerasLayerConverter {
    static let classNames = ["SeparableConv1D", "SeparableConvolution1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Convolution.depthwise(c, rank: 1, separable: true) }
}
