/// keras.layers.UpSampling3D: one Resize.
enum UpSampling3DLayer: KerasLayerConverter {
    static let classNames = ["UpSampling3D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Upsampling.convert(c, n: 3) }
}
