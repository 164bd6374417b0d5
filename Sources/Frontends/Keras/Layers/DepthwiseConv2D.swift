/// keras.layers.DepthwiseConv2D: ONNX Conv with group = input channels.
enum DepthwiseConv2DLayer: KerasLayerConverter {
    static let classNames = ["DepthwiseConv2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Convolution.depthwise(c, rank: 2, separable: false) }
}
