/// keras.layers.Maximum: Max.
enum MaximumLayer: KerasLayerConverter {
    static let classNames = ["Maximum"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Merge.convert(c, binary: "Max", variadic: "Max") }
}
