import OnnxFormat

/// keras.layers.Dense: Gemm for rank-2 inputs, MatMul (+ Add) on the last axis otherwise.
/// A following BatchNormalization folds into it.
enum DenseLayer: KerasLayerConverter {
    static let classNames = ["Dense"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let x = c.g.keras(try c.input())
        guard x.rank >= 2, let cin = x.shape.last ?? nil else { throw c.fail("the input's last axis must be known") }
        let units = try c.cfg.int("units")
        let w = try c.weight(0, "kernel", shape: [cin, units])
        let useBias = try c.cfg.bool("use_bias", true)
        let b = useBias ? try c.weight(1, "bias", shape: [units]) : nil
        var shape = x.shape
        shape[shape.count - 1] = units
        let wName = c.initializer(w, "kernel")
        let out: String
        var fold: FoldTarget?
        if x.rank == 2 {
            var ins = [x.name, wName]
            if let b { ins.append(c.initializer(b, "bias")) }
            out = c.g.node1("Gemm", ins, name: "\(c.name)/Gemm")
            fold = FoldTarget(weight: wName, axis: 1, bias: ins.count > 2 ? ins[2] : nil, nodeIndex: c.g.nodes.count - 1, kerasChannelAxis: 1)
        } else {
            let mm = c.g.node1("MatMul", [x.name, wName], name: "\(c.name)/MatMul")
            if let b {
                let bName = c.initializer(b, "bias")
                out = c.g.node1("Add", [mm, bName], name: "\(c.name)/Add")
                fold = FoldTarget(weight: wName, axis: 1, bias: bName, nodeIndex: c.g.nodes.count - 1, kerasChannelAxis: x.rank - 1)
            } else {
                out = mm
            }
        }
        if let fold, try c.cfg.activation() == "linear", !c.isSharedLayer { c.g.foldTargets[out] = fold }
        return [try c.activation(c.output(out, shape: shape))]
    }
}
