/// keras.layers.Bidirectional around a SimpleRNN, LSTM or GRU: one ONNX node with
/// direction "bidirectional". Keras flips the backward layer's sequence back to input
/// order, which is how ONNX returns it, so merge_mode is one op on the direction axis:
/// concat (Transpose + Reshape), sum, mul, ave (ReduceSum/ReduceProd/ReduceMean), or
/// None (two outputs).
enum BidirectionalLayer: KerasLayerConverter {
    static let classNames = ["Bidirectional"]

    static func subLayer(_ c: LayerContext, _ key: String) throws -> (className: String, cfg: LayerConfig)? {
        guard let d = c.cfg.dict[key] as? [String: Any] else { return nil }
        guard let cls = d["class_name"] as? String, let cfg = d["config"] as? [String: Any] else {
            throw c.fail("cannot read its '\(key)' config")
        }
        return (cls, LayerConfig(layer: "\(c.spec.name)/\(cfg["name"] as? String ?? key)", className: cls, dict: cfg))
    }

    static func convert(_ c: LayerContext) throws -> [KValue] {
        guard let fwdSpec = try subLayer(c, "layer") else { throw c.fail("has no wrapped layer") }
        let fwd = try Recurrent.cell(fwdSpec.cfg, className: fwdSpec.className)
        var bwd = fwd
        bwd.goBackwards = true
        if let b = try subLayer(c, "backward_layer") {
            bwd = try Recurrent.cell(b.cfg, className: b.className)
            guard bwd.kind == fwd.kind, bwd.units == fwd.units, bwd.returnSequences == fwd.returnSequences,
                  bwd.returnState == fwd.returnState, bwd.resetAfter == fwd.resetAfter else {
                throw c.fail("a backward layer that differs from the forward one in class, units, reset_after or what it returns is not supported")
            }
        }
        guard !fwd.goBackwards, bwd.goBackwards else { throw c.fail("the forward layer runs backwards (go_backwards=True); not supported") }
        let merge = c.cfg.dict["merge_mode"] as? String ?? (c.cfg.has("merge_mode") ? "?" : "none")
        let x = try c.input()
        let (y, h, cs) = try Recurrent.node(c, x, cells: [fwd, bwd], weightOffsets: [0, fwd.weightCount],
                                            name: "\(c.name)/\(fwd.kind.rawValue)")
        let batch = x.shape[0], time = x.shape[1], u = fwd.units
        let g = c.g
        var outs: [KValue] = []
        // Both directions: Y [T, 2, B, u] (time-major), Y_h [2, B, u]. `dirAxis` is the direction axis.
        let (both, dirAxis) = fwd.returnSequences ? (y, 1) : (h, 0)
        let keepShape: [Int?] = fwd.returnSequences ? [batch, time, u] : [batch, u]
        let perm: [Int]? = fwd.returnSequences ? [1, 0, 2] : nil
        func reduce(_ op: String) -> KValue {
            c.output(g.reduce(op, both, axes: [dirAxis], keepdims: false, name: "\(c.name)/\(op)"), shape: keepShape, perm: perm)
        }
        switch merge {
        case "concat":
            // [T, 2, B, u] -> [T, B, 2, u] -> [T, B, 2u]; [2, B, u] -> [B, 2, u] -> [B, 2u].
            let tperm = fwd.returnSequences ? [0, 2, 1, 3] : [1, 0, 2]
            let t = g.node1("Transpose", [both], [KerasGraphBuilder.attr("perm", ints: tperm)], name: "\(c.name)/directions_last")
            let shape: [Int64] = fwd.returnSequences ? [0, 0, Int64(2 * u)] : [0, Int64(2 * u)]
            let r = g.node1("Reshape", [t, g.int64s(shape, name: "shape")], name: "\(c.name)/concat")
            var s = keepShape
            s[s.count - 1] = 2 * u
            outs.append(c.output(r, shape: s, perm: perm))
        case "sum": outs.append(reduce("ReduceSum"))
        case "mul": outs.append(reduce("ReduceProd"))
        case "ave": outs.append(reduce("ReduceMean"))
        case "none":
            for d in 0 ..< 2 {
                let v = g.node1("Gather", [both, g.int64s([Int64(d)], name: "direction_\(d)", shape: [])],
                                [KerasGraphBuilder.attr("axis", int: dirAxis)], name: "\(c.name)/\(d == 0 ? "forward" : "backward")")
                outs.append(c.output(v, shape: keepShape, perm: perm))
            }
        default:
            throw c.fail("merge_mode '\(merge)' is not supported (concat, sum, mul, ave, None)")
        }
        if fwd.returnState {
            // Keras: forward states, then backward states.
            for d in 0 ..< 2 {
                for (k, s) in ([h] + (cs.map { [$0] } ?? [])).enumerated() {
                    let v = g.node1("Gather", [s, g.int64s([Int64(d)], name: "direction_\(d)", shape: [])],
                                    [KerasGraphBuilder.attr("axis", int: 0)], name: "\(c.name)/state\(d)_\(k)")
                    outs.append(c.output(v, shape: [batch, u]))
                }
            }
        }
        return outs
    }
}
