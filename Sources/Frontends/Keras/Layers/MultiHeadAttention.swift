/// keras.layers.MultiHeadAttention over rank-3 inputs (attention over axis 1), as Keras
/// computes it: query/key/value projections (Einsum "abc,cde->abde" + bias), query scaled
/// by 1/sqrt(key_dim), scores "aecd,abcd->acbe", softmax over keys (causal mask added as
/// -1e9 when `use_causal_mask`), context "acbe,aecd->abcd", output projection
/// "abcd,cde->abe". `return_attention_scores` adds the softmax output.
enum MultiHeadAttentionLayer: KerasLayerConverter {
    static let classNames = ["MultiHeadAttention"]

    static func convert(_ c: LayerContext) throws -> [KValue] {
        let cfg = c.cfg
        let heads = try cfg.int("num_heads"), keyDim = try cfg.int("key_dim")
        let valueDim = try cfg.optionalInt("value_dim") ?? keyDim
        guard heads >= 1, keyDim >= 1, valueDim >= 1 else { throw c.fail("num_heads, key_dim and value_dim must be positive") }
        if try cfg.bool("use_gate", false) { throw c.fail("use_gate is not supported") }
        if cfg.has("sliding_window") { throw c.fail("sliding_window is not supported") }
        if cfg.has("attention_axes"), try cfg.intList("attention_axes") != [1] { throw c.fail("attention_axes other than [1] are not supported") }
        for k in c.tensorKwargs.keys where !["query", "value", "key"].contains(k) {
            throw c.fail("'\(k)' passed to the call is not supported")
        }
        let useBias = try cfg.bool("use_bias", true)
        func arg(_ i: Int, _ key: String) -> KValue? { c.inputs.indices.contains(i) ? c.inputs[i] : c.tensorKwargs[key] }
        guard let q0 = arg(0, "query"), let v0 = arg(1, "value") else { throw c.fail("needs a query and a value") }
        let k0 = arg(2, "key") ?? v0
        let causal = (c.kwargs["use_causal_mask"] as? Bool) ?? false
        let returnScores = (c.kwargs["return_attention_scores"] as? Bool) ?? false
        let g = c.g
        let q = g.keras(q0), k = g.keras(k0), v = g.keras(v0)
        guard q.rank == 3, k.rank == 3, v.rank == 3 else { throw c.fail("only rank-3 query/key/value ([batch, time, features]) are supported") }
        guard let qd = q.shape[2], let kd = k.shape[2], let vd = v.shape[2] else { throw c.fail("feature sizes must be known") }

        func projection(_ sub: String, _ x: KValue, inDim: Int, headDim: Int) throws -> String {
            let idx = c.weightIndices(of: sub)
            guard let ki = idx.first, idx.count == (useBias ? 2 : 1) else { throw c.fail("missing weights of its '\(sub)' projection") }
            let kernel = try c.weight(ki, "\(sub)/kernel", shape: [inDim, heads, headDim])
            var out = g.node1("Einsum", [x.name, c.initializer(kernel, "\(sub)/kernel")],
                              [KerasGraphBuilder.attr("equation", string: "abc,cde->abde")], name: "\(c.name)/\(sub)")
            if useBias {
                let bias = try c.weight(idx[1], "\(sub)/bias", shape: [heads, headDim])
                out = g.node1("Add", [out, c.initializer(bias, "\(sub)/bias")], name: "\(c.name)/\(sub)_bias")
            }
            return out
        }
        let query = try projection("query", q, inDim: qd, headDim: keyDim)
        let key = try projection("key", k, inDim: kd, headDim: keyDim)
        let value = try projection("value", v, inDim: vd, headDim: valueDim)
        let scaled = g.node1("Mul", [query, g.scalar(Float(1 / Double(keyDim).squareRoot()), name: "\(c.spec.name)/inv_sqrt_key_dim")],
                             name: "\(c.name)/scale")
        var scores = g.node1("Einsum", [key, scaled], [KerasGraphBuilder.attr("equation", string: "aecd,abcd->acbe")], name: "\(c.name)/scores")
        if causal {
            guard let t = q.shape[1], let s = v.shape[1], t * s <= 1 << 24 else { throw c.fail("use_causal_mask needs known query and value lengths") }
            // Keras: key j is visible from query i when j <= i; others get -1e9 before softmax.
            var m = [Float](repeating: 0, count: t * s)
            for i in 0 ..< t { for j in 0 ..< s where j > i { m[i * s + j] = -1e9 } }
            scores = g.node1("Add", [scores, g.constant(m, shape: [t, s], name: "\(c.spec.name)/causal_mask")], name: "\(c.name)/masked")
        }
        let probs = g.node1("Softmax", [scores], [KerasGraphBuilder.attr("axis", int: 3)], name: "\(c.name)/softmax")
        let context = g.node1("Einsum", [probs, value], [KerasGraphBuilder.attr("equation", string: "acbe,aecd->abcd")], name: "\(c.name)/context")
        let idx = c.weightIndices(of: "attention_output")
        guard let oi = idx.first, idx.count == (useBias ? 2 : 1), c.weights.indices.contains(oi) else { throw c.fail("missing weights of its output projection") }
        let oshape = c.weights[oi].shape
        guard oshape.count >= 3, oshape.count <= 6, oshape[0] == heads, oshape[1] == valueDim else { throw c.fail("output kernel shape \(oshape) does not fit") }
        let outDims = Array(oshape[2...])
        let kernel = try c.weight(oi, "attention_output/kernel", shape: oshape)
        let letters = Array("efgh").prefix(outDims.count)
        var out = g.node1("Einsum", [context, c.initializer(kernel, "attention_output/kernel")],
                          [KerasGraphBuilder.attr("equation", string: "abcd,cd\(String(letters))->ab\(String(letters))")], name: "\(c.name)/output")
        if useBias {
            let bias = try c.weight(idx[1], "attention_output/bias", shape: outDims)
            out = g.node1("Add", [out, c.initializer(bias, "attention_output/bias")], name: "\(c.name)/output_bias")
        }
        var outs = [c.output(out, shape: [q.shape[0], q.shape[1]] + outDims.map { Optional($0) })]
        if returnScores { outs.append(c.output(probs, shape: [q.shape[0], heads, q.shape[1], v.shape[1]])) }
        return outs
    }
}
