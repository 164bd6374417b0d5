/// keras.layers.LayerNormalization over trailing axes: ONNX LayerNormalization (opset 17+)
/// or its decomposition.
enum LayerNormalizationLayer: KerasLayerConverter {
    static let classNames = ["LayerNormalization"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let x = c.g.keras(try c.input())
        let axes = try c.cfg.axes("axis", [-1]).map { try c.axis($0, rank: x.rank) }.sorted()
        guard let first = axes.first, axes == Array(first ..< x.rank), first > 0 else {
            throw c.fail("normalising over axes \(axes) (not the trailing axes) is not supported")
        }
        if try c.cfg.bool("rms_scaling", false) { throw c.fail("rms_scaling is not supported") }
        let dims = try axes.map { a -> Int in
            guard let d = x.shape[a] else { throw c.fail("axis \(a) has an unknown size") }
            return d
        }
        let eps = try c.cfg.double("epsilon", 1e-3)
        var i = 0
        let gamma = try c.cfg.bool("scale", true) ? try { defer { i += 1 }; return try c.weight(i, "gamma") }() : nil
        let beta = try c.cfg.bool("center", true) ? try c.weight(i, "beta") : nil
        let n = dims.reduce(1, *)
        let g = FloatArray(shape: dims, values: gamma?.values ?? Array(repeating: 1, count: n))
        let b = FloatArray(shape: dims, values: beta?.values ?? Array(repeating: 0, count: n))
        guard g.count == n, b.count == n else { throw c.fail("gamma/beta do not match the normalised shape \(dims)") }
        let out: String
        if c.g.opset >= 17 {
            out = c.g.node1("LayerNormalization", [x.name, c.initializer(g, "gamma"), c.initializer(b, "beta")],
                            [KerasGraphBuilder.attr("axis", int: first), KerasGraphBuilder.attr("epsilon", float: eps)],
                            name: "\(c.name)/LayerNormalization")
        } else {
            let mean = c.g.reduce("ReduceMean", x.name, axes: axes, keepdims: true, name: "\(c.name)/mean")
            let d = c.g.node1("Sub", [x.name, mean], name: "\(c.name)/centered")
            let sq = c.g.node1("Mul", [d, d], name: "\(c.name)/squared")
            let variance = c.g.reduce("ReduceMean", sq, axes: axes, keepdims: true, name: "\(c.name)/variance")
            let ve = c.g.node1("Add", [variance, c.g.scalar(Float(eps), name: "epsilon")], name: "\(c.name)/add_eps")
            let sd = c.g.node1("Sqrt", [ve], name: "\(c.name)/std")
            let nrm = c.g.node1("Div", [d, sd], name: "\(c.name)/normalized")
            let sc = c.g.node1("Mul", [nrm, c.initializer(g, "gamma")], name: "\(c.name)/scale")
            out = c.g.node1("Add", [sc, c.initializer(b, "beta")], name: "\(c.name)/shift")
        }
        return [c.output(out, shape: x.shape)]
    }
}
