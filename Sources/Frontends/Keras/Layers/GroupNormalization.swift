/// keras.layers.GroupNormalization: the channel axis split into (groups, channels/groups),
/// mean and variance over everything but batch and group, then gamma/beta per channel.
/// Works in the input's layout (a channels-first conv output needs no Transpose).
enum GroupNormalizationLayer: KerasLayerConverter {
    static let classNames = ["GroupNormalization"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let x = try c.input()
        guard x.rank >= 2 else { throw c.fail("expects at least a rank-2 input") }
        let axis = try c.axis(try c.cfg.int("axis", -1), rank: x.rank)
        guard axis > 0 else { throw c.fail("the batch axis cannot be the channel axis") }
        let groups = try c.cfg.int("groups", 32)
        guard let ch = x.shape[axis], groups >= 1, ch % groups == 0 else { throw c.fail("groups \(groups) does not divide the channels \(x.shape[axis].map(String.init) ?? "?")") }
        let eps = try c.cfg.double("epsilon", 1e-3)
        let onnxShape = x.onnxShape
        let ca = x.onnxAxis(axis)
        var dims: [Int64] = [0]
        for (i, d) in onnxShape.enumerated().dropFirst() {
            if i == ca { dims += [Int64(groups), Int64(ch / groups)]; continue }
            guard let d else { throw c.fail("axis sizes must be known (got \(x.shape))") }
            dims.append(Int64(d))
        }
        let g = c.g
        let grouped = g.node1("Reshape", [x.name, g.int64s(dims, name: "shape")], name: "\(c.name)/groups")
        let reduceAxes = (1 ..< dims.count).filter { $0 != ca }
        let mean = g.reduce("ReduceMean", grouped, axes: reduceAxes, keepdims: true, name: "\(c.name)/mean")
        let d = g.node1("Sub", [grouped, mean], name: "\(c.name)/centered")
        let variance = g.reduce("ReduceMean", g.node1("Mul", [d, d], name: "\(c.name)/squared"), axes: reduceAxes, keepdims: true, name: "\(c.name)/variance")
        let sd = g.node1("Sqrt", [g.node1("Add", [variance, g.scalar(Float(eps), name: "epsilon")], name: "\(c.name)/add_eps")], name: "\(c.name)/std")
        let nrm = g.node1("Div", [d, sd], name: "\(c.name)/normalized")
        var out = g.node1("Reshape", [nrm, g.int64s([0] + onnxShape.dropFirst().map { Int64($0 ?? -1) }, name: "shape")], name: "\(c.name)/ungroup")
        var bshape = Array(repeating: 1, count: x.rank)
        bshape[ca] = ch
        var i = 0
        if try c.cfg.bool("scale", true) {
            let gamma = try c.weight(i, "gamma", shape: [ch])
            i += 1
            out = g.node1("Mul", [out, c.initializer(gamma.reshaped(bshape), "gamma")], name: "\(c.name)/scale")
        }
        if try c.cfg.bool("center", true) {
            let beta = try c.weight(i, "beta", shape: [ch])
            out = g.node1("Add", [out, c.initializer(beta.reshaped(bshape), "beta")], name: "\(c.name)/shift")
        }
        var v = x
        v.name = out
        return [v]
    }
}
