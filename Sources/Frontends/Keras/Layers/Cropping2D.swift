/// keras.layers.Cropping2D: one Slice.
enum Cropping2DLayer: KerasLayerConverter {
    static let classNames = ["Cropping2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try PadCrop.crop(c, n: 2) }
}
