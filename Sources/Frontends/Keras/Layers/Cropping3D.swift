/// keras.layers.Cropping3D: one Slice.
enum Cropping3DLayer: KerasLayerConverter {
    static let classNames = ["Cropping3D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try PadCrop.crop(c, n: 3) }
}
