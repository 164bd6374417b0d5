/// keras.layers.Subtract: Sub.
enum SubtractLayer: KerasLayerConverter {
    static let classNames = ["Subtract"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Merge.convert(c, binary: "Sub", variadic: nil) }
}
