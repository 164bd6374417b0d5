import OnnxFormat

/// RotaryEmbedding: rotates pairs of features of each head by position-dependent angles
/// (ai.onnx RotaryEmbedding, opset 23+). Input is [batch, heads, seq, head_size] or
/// [batch, seq, hidden] (with `num_heads`); cos_cache/sin_cache are [batch, seq, dim/2], or
/// [max_position, dim/2] indexed by the optional position_ids [batch, seq]. Only the first
/// `rotary_embedding_dim` features (default 0: all) rotate; `interleaved` pairs features
/// (2i, 2i+1) instead of (i, i + dim/2). Types: float, double, float16, bfloat16.
struct RotaryEmbedding: Operator {
    let node: NodeInfo
    let interleaved: Bool
    let rotaryDim: Int
    let numHeads: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        interleaved = try node.int("interleaved", default: 0) != 0
        rotaryDim = try node.int("rotary_embedding_dim", default: 0)
        numHeads = try node.int("num_heads", default: 0)
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let cosT = try node.required(inputs, 1), sinT = try node.required(inputs, 2)
        let xs = try node.elements(x, Double.self, "input")
        let cs = try node.elements(cosT, Double.self, "cos_cache"), sn = try node.elements(sinT, Double.self, "sin_cache")
        let B: Int, S: Int, H: Int, D: Int
        if x.rank == 4 {
            (B, H, S, D) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        } else if x.rank == 3 {
            guard numHeads > 0, x.shape[2] % numHeads == 0 else {
                throw RuntimeError.node(node, "3-D input \(x.shape) needs num_heads dividing its hidden size")
            }
            (B, S, H, D) = (x.shape[0], x.shape[1], numHeads, x.shape[2] / numHeads)
        } else {
            throw RuntimeError.node(node, "input must be 3-D or 4-D, got \(x.shape)")
        }
        let dim = rotaryDim == 0 ? D : rotaryDim
        guard dim <= D, dim % 2 == 0 else { throw RuntimeError.node(node, "rotary_embedding_dim \(dim) must be even and <= \(D)") }
        let half = dim / 2
        guard cosT.shape.last == half, sinT.shape == cosT.shape else {
            throw RuntimeError.node(node, "cos/sin caches must end in rotary_embedding_dim / 2 = \(half), got \(cosT.shape) and \(sinT.shape)")
        }
        let rows = cs.count / Swift.max(half, 1)
        var pos: [Int]? = nil
        if let p = node.optional(inputs, 3) {
            let v = try Index.ints(p, node, "position_ids")
            guard v.count == B * S || v.count == S else { throw RuntimeError.node(node, "position_ids must be [batch, seq]") }
            for q in v where q < 0 || q >= rows { throw RuntimeError.node(node, "position id \(q) is out of range [0, \(rows))") }
            pos = v
        } else if rows != B * S && rows != S {
            throw RuntimeError.node(node, "cos_cache \(cosT.shape) must be [batch, seq, dim/2] without position_ids")
        }
        var y = xs
        for b in 0..<B {
            for s in 0..<S {
                let row: Int
                if let pos { row = pos.count == S ? pos[s] : pos[b * S + s] } else { row = rows == S ? s : b * S + s }
                for h in 0..<H {
                    let base = x.rank == 4 ? ((b * H + h) * S + s) * D : ((b * S + s) * H + h) * D
                    for i in 0..<half {
                        let c = cs[row * half + i], sv = sn[row * half + i]
                        let i1 = interleaved ? 2 * i : i, i2 = interleaved ? 2 * i + 1 : i + half
                        let x1 = xs[base + i1], x2 = xs[base + i2]
                        y[base + i1] = c * x1 - sv * x2
                        y[base + i2] = sv * x1 + c * x2
                    }
                }
            }
        }
        return [Double.tensor(y, shape: x.shape, as: x.dataType)]
    }
}

extension RotaryEmbedding: PreservesInputType {}
