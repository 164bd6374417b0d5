/// keras.layers.Rescaling: x * scale + offset (Mul, and Add only when an offset is set).
enum RescalingLayer: KerasLayerConverter {
    static let classNames = ["Rescaling"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var v = try c.input()
        guard let scale = ConfigValues.floats(c.cfg.dict["scale"] ?? 1.0),
              let offset = ConfigValues.floats(c.cfg.dict["offset"] ?? 0.0) else { throw c.fail("cannot read scale/offset") }
        if scale != [1] {
            v.name = c.g.node1("Mul", [v.name, try ConfigValues.channelConstant(scale, like: v, c, name: "\(c.spec.name)/scale")], name: "\(c.name)/Mul")
        }
        if offset.contains(where: { $0 != 0 }) {
            v.name = c.g.node1("Add", [v.name, try ConfigValues.channelConstant(offset, like: v, c, name: "\(c.spec.name)/offset")], name: "\(c.name)/Add")
        }
        return [v]
    }
}
