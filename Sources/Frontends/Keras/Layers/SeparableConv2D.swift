/// keras.layers.SeparableConv2D: a grouped depthwise Conv, then a 1x1 Conv with the bias.
enum SeparableConv2DLayer: KerasLayerConverter {
    static let classNames = ["SeparableConv2D", "SeparableConvolution2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Convolution.depthwise(c, rank: 2, separable: true) }
}
