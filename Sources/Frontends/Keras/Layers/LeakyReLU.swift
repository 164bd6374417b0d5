/// keras.layers.LeakyReLU: negative_slope (Keras 3) or alpha (tf.keras 2.x), default 0.3.
enum LeakyReLULayer: KerasLayerConverter {
    static let classNames = ["LeakyReLU"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var v = try c.input()
        let slope = try c.cfg.optionalDouble("negative_slope") ?? c.cfg.double("alpha", 0.3)
        v.name = c.g.node1("LeakyRelu", [v.name], [KerasGraphBuilder.attr("alpha", float: slope)], name: "\(c.name)/LeakyRelu")
        return [v]
    }
}
