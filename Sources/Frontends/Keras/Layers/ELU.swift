/// keras.layers.ELU(alpha).
enum ELULayer: KerasLayerConverter {
    static let classNames = ["ELU"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var v = try c.input()
        v.name = c.g.node1("Elu", [v.name], [KerasGraphBuilder.attr("alpha", float: try c.cfg.double("alpha", 1))], name: "\(c.name)/Elu")
        return [v]
    }
}
