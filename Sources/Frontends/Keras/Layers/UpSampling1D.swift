/// keras.layers.UpSampling1D: one Resize.
enum UpSampling1DLayer: KerasLayerConverter {
    static let classNames = ["UpSampling1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Upsampling.convert(c, n: 1) }
}
