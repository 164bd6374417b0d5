/// keras.layers.Concatenate(axis): one Concat in the inputs' common layout.
enum ConcatenateLayer: KerasLayerConverter {
    static let classNames = ["Concatenate"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        guard !c.inputs.isEmpty else { throw c.fail("has no inputs") }
        let ins = c.g.common(c.inputs)
        guard let first = ins.first else { throw c.fail("has no inputs") }
        guard ins.allSatisfy({ $0.rank == first.rank }) else { throw c.fail("inputs have different ranks") }
        let axis = try c.axis(try c.cfg.int("axis", -1), rank: first.rank)
        var shape = first.shape
        shape[axis] = ins.reduce(Optional(0)) { acc, v in acc.flatMap { a in v.shape[axis].map { a + $0 } } }
        if ins.count == 1 { return [first] }
        let out = c.g.node1("Concat", ins.map(\.name), [KerasGraphBuilder.attr("axis", int: first.onnxAxis(axis))], name: "\(c.name)/Concat")
        return [c.output(out, shape: shape, perm: first.perm)]
    }
}
