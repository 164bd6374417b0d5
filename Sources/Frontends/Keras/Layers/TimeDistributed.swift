/// keras.layers.TimeDistributed: the wrapped layer applied to every time step. Layers that
/// act on the last axis only (Dense, EinsumDense on "...", activations, ...) run on the
/// rank-3 value directly; others see [batch * time, ...] through a Reshape and back.
enum TimeDistributedLayer: KerasLayerConverter {
    static let classNames = ["TimeDistributed"]
    /// Layers whose result on [B, T, ...] equals applying them per time step.
    static let perStep: Set<String> = ["Dense", "Activation", "Dropout", "ReLU", "LeakyReLU", "ELU", "Softmax", "LayerNormalization",
                                       "UnitNormalization", "Rescaling"]

    static func convert(_ c: LayerContext) throws -> [KValue] {
        guard let d = c.cfg.dict["layer"] as? [String: Any], let cls = d["class_name"] as? String,
              let cfg = d["config"] as? [String: Any] else { throw c.fail("cannot read the wrapped layer") }
        guard !KerasModelSpec.modelClasses.contains(cls), let conv = KerasLayers.byClass[cls] else {
            throw KerasError(unsupported: [("\(c.spec.name)/\(cfg["name"] as? String ?? "layer")", cls)])
        }
        let x0 = try c.input()
        guard x0.rank >= 3 else { throw c.fail("expects an input of rank 3 or more, got rank \(x0.rank)") }
        let innerName = cfg["name"] as? String ?? "layer"
        let spec = KerasLayerSpec(className: cls, name: "\(c.spec.name)/\(innerName)", config: cfg, raw: d, calls: c.spec.calls)
        let lcfg = LayerConfig(layer: "\(c.spec.name)/\(innerName)", className: cls, dict: cfg)
        func inner(_ input: KValue) throws -> [KValue] {
            var ctx = LayerContext(spec: spec, cfg: lcfg, inputs: [input], tensorKwargs: [:], kwargs: [:], weights: c.weights,
                                   inputUses: c.inputUses, g: c.g, name: "\(c.name)/\(innerName)")
            ctx.weightNames = c.weightNames
            return try conv.convert(ctx)
        }
        let perLastAxis = perStep.contains(cls) && (cls != "LayerNormalization" || (try? lcfg.axes("axis", [-1])) == [-1])
        if perLastAxis { return try inner(x0) }
        let x = c.g.keras(x0)
        let rest = Array(x.shape.dropFirst(2))
        guard rest.allSatisfy({ $0 != nil }) else { throw c.fail("the per-step shape must be known (got \(x.shape))") }
        let flat = c.g.reshape(x.name, [-1] + rest.map { $0 ?? 0 }, name: "\(c.name)/merge_time")
        let outs = try inner(KValue(name: flat, shape: [nil] + rest, perm: nil, elementType: x.elementType))
        return try outs.map { o0 in
            let o = c.g.keras(o0)
            let orest = Array(o.shape.dropFirst())
            guard orest.allSatisfy({ $0 != nil }) else { throw c.fail("the wrapped layer's output shape must be known") }
            let t = x.shape[1]
            let shapeName: String
            if let t {
                shapeName = c.g.int64s([-1, Int64(t)] + orest.map { Int64($0 ?? 0) }, name: "shape")
            } else {
                // Unknown time length: batch and time from the input's shape.
                let s = c.g.node1("Shape", [x.name], name: "\(c.name)/Shape")
                let bt = c.g.node1("Slice", [s, c.g.int64s([0], name: "starts"), c.g.int64s([2], name: "ends")], name: "\(c.name)/batch_time")
                shapeName = c.g.node1("Concat", [bt, c.g.int64s(orest.map { Int64($0 ?? 0) }, name: "\(c.spec.name)/step_shape")],
                                      [KerasGraphBuilder.attr("axis", int: 0)], name: "\(c.name)/out_shape")
            }
            let r = c.g.node1("Reshape", [o.name, shapeName], name: "\(c.name)/split_time")
            return c.output(r, shape: [x.shape[0], t] + orest, type: o.elementType)
        }
    }
}
