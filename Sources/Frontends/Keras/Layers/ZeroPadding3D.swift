/// keras.layers.ZeroPadding3D: one Pad.
enum ZeroPadding3DLayer: KerasLayerConverter {
    static let classNames = ["ZeroPadding3D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try PadCrop.pad(c, n: 3) }
}
