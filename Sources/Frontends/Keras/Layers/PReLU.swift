/// keras.layers.PReLU: ONNX PRelu with the learned alpha laid out like the input.
enum PReLULayer: KerasLayerConverter {
    static let classNames = ["PReLU"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var v = try c.input()
        let alpha = try c.weight(0, "alpha")
        guard alpha.shape.count == v.rank - 1 else { throw c.fail("alpha has shape \(alpha.shape) for an input of rank \(v.rank)") }
        var a = alpha
        if let p = v.perm { a = alpha.transposed(p.dropFirst().map { $0 - 1 }) }
        v.name = c.g.node1("PRelu", [v.name, c.initializer(a, "alpha")], name: "\(c.name)/PRelu")
        return [v]
    }
}
