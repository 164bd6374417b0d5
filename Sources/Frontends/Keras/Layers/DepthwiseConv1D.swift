/// keras.layers.DepthwiseConv1D: ONNX Conv with group = input channels.
enum DepthwiseConv1DLayer: KerasLayerConverter {
    static let classNames = ["DepthwiseConv1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Convolution.depthwise(c, rank: 1, separable: false) }
}
