/// keras.applications' ConvNeXt LayerScale (x * gamma per channel). Only Keras' own class
/// (module keras.src.applications.convnext) is converted: a custom class of that name is
/// user code, refused like any other.
enum LayerScaleLayer: KerasLayerConverter {
    static let classNames = ["LayerScale"]
    static let kerasModules: Set<String> = ["keras.src.applications.convnext"]

    static func isKerasOwn(_ raw: [String: Any]) -> Bool { kerasModules.contains(raw["module"] as? String ?? "") }

    static func convert(_ c: LayerContext) throws -> [KValue] {
        guard isKerasOwn(c.spec.raw) else { throw KerasError(unsupported: [(c.spec.name, c.className)]) }
        var x = try c.input()
        let dim = try c.cfg.int("projection_dim")
        guard x.shape.last == dim else { throw c.fail("projection_dim \(dim) does not match the input \(x.shape)") }
        let gamma = try c.weight(0, "gamma", shape: [dim])
        var shape = Array(repeating: 1, count: x.rank)
        shape[x.rank - 1] = dim
        var a = gamma.reshaped(shape)
        if let p = x.perm { a = a.transposed(p) }
        x.name = c.g.node1("Mul", [x.name, c.initializer(a, "gamma")], name: "\(c.name)/Mul")
        return [x]
    }
}
