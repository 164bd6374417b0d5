/// keras.layers.Conv1D: ONNX Conv (kernel rearranged at conversion; BatchNorm folds into it).
enum Conv1DLayer: KerasLayerConverter {
    static let classNames = ["Conv1D", "Convolution1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Convolution.convert(c, rank: 1) }
}
