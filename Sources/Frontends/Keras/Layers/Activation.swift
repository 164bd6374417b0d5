/// keras.layers.Activation: any built-in activation (see KerasActivations).
enum ActivationLayer: KerasLayerConverter {
    static let classNames = ["Activation"]
    static func convert(_ c: LayerContext) throws -> [KValue] { [try c.activation(try c.input())] }
}
