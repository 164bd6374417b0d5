/// keras.layers.Average: Mean.
enum AverageLayer: KerasLayerConverter {
    static let classNames = ["Average"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Merge.convert(c, binary: "Mean", variadic: "Mean") }
}
