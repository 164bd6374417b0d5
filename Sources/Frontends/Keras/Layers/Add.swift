/// keras.layers.Add: Add for two inputs, Sum for more.
enum AddLayer: KerasLayerConverter {
    static let classNames = ["Add"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Merge.convert(c, binary: "Add", variadic: "Sum") }
}
