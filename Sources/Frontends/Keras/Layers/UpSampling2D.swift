/// keras.layers.UpSampling2D: one Resize.
enum UpSampling2DLayer: KerasLayerConverter {
    static let classNames = ["UpSampling2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Upsampling.convert(c, n: 2) }
}
