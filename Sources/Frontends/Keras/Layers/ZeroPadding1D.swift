/// keras.layers.ZeroPadding1D: one Pad.
enum ZeroPadding1DLayer: KerasLayerConverter {
    static let classNames = ["ZeroPadding1D"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try PadCrop.pad(c, n: 1) }
}
