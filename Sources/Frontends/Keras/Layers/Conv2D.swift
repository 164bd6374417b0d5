/// keras.layers.Conv2D: ONNX Conv (kernel rearranged at conversion; BatchNorm folds into it).
enum Conv2DLayer: KerasLayerConverter {
    static let classNames = ["Conv2D", "Convolution2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Convolution.convert(c, rank: 2) }
}
