/// keras.layers.InputLayer: becomes a graph input (handled by the converter); a nested
/// model's InputLayer passes its value through.
enum InputLayerLayer: KerasLayerConverter {
    static let classNames = ["InputLayer"]
    static func convert(_ c: LayerContext) throws -> [KValue] { [try c.input()] }
}
