/// keras.layers.Cropping1D: one Slice.
enum Cropping1DLayer: KerasLayerConverter {
    static let classNames = ["Cropping1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try PadCrop.crop(c, n: 1) }
}
