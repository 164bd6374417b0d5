/// keras.layers.ZeroPadding2D: one Pad.
enum ZeroPadding2DLayer: KerasLayerConverter {
    static let classNames = ["ZeroPadding2D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try PadCrop.pad(c, n: 2) }
}
