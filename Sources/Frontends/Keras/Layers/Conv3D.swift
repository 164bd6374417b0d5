/// keras.layers.Conv3D: ONNX Conv (kernel rearranged at conversion; BatchNorm folds into it).
enum Conv3DLayer: KerasLayerConverter {
    static let classNames = ["Conv3D", "Convolution3D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Convolution.convert(c, rank: 3) }
}
