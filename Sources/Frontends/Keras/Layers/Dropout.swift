/// keras.layers.Dropout and the other layers that only act in training (noise,
/// regularisation): no node at inference.
enum DropoutLayer: KerasLayerConverter {
    static let classNames = ["Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                             "GaussianDropout", "AlphaDropout", "ActivityRegularization"]
    static func convert(_ c: LayerContext) throws -> [KValue] { [try c.input()] }
}
