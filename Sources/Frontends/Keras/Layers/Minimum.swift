/// keras.layers.Minimum: Min.
enum MinimumLayer: KerasLayerConverter {
    static let classNames = ["Minimum"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Merge.convert(c, binary: "Min", variadic: "Min") }
}
