/// keras.layers.Multiply: a chain of Mul.
enum MultiplyLayer: KerasLayerConverter {
    static let classNames = ["Multiply"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Merge.convert(c, binary: "Mul", variadic: nil) }
}
