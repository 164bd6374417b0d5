import Foundation
import OnnxFormat

/// Attention: scaled dot-product attention (ai.onnx Attention, opsets 23-25).
///
/// Inputs Q, K, V are 4-D [batch, heads, seq, head_size] or 3-D [batch, seq, heads *
/// head_size] (then `q_num_heads` and `kv_num_heads` are required); optional attn_mask
/// (bool: true attends; or additive float, padded with -inf/false up to the total key
/// length and broadcast to [batch, q_heads, q_seq, kv_seq]), past_key/past_value
/// (concatenated before K/V along the sequence axis, returned as present_key/present_value)
/// and, from opset 24, nonpad_kv_seqlen (int64 [batch]: keys at or after it are masked).
/// Attributes: is_causal (bottom-right aligned: query i attends key j iff j <= i + offset,
/// offset = past length, or nonpad_kv_seqlen - q_seq with an external cache), scale
/// (default 1/sqrt(head_size), applied as sqrt(scale) to both Q and K), softcap
/// (cap * tanh(x / cap) before the mask when > 0), qk_matmul_output_mode (0/1: QK after
/// softcap, 2: plus the mask, 3: after softmax), softmax_precision (ignored: we compute in
/// float64), and from opset 25 left_window_size/right_window_size (sliding window, -1 for
/// unbounded). Grouped-query attention repeats each KV head q_heads / kv_heads times. A
/// query row with every key masked yields zeros. Products use BLAS dgemm.
/// Types: float, double, float16, bfloat16.
struct Attention: Operator {
    let node: NodeInfo
    let isCausal: Bool
    let scale: Double?
    let softcap: Double
    let qkMode: Int
    let qHeads: Int?, kvHeads: Int?
    let leftWindow: Int, rightWindow: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        isCausal = try node.int("is_causal", default: 0) != 0
        scale = node.attributes["scale"].map { Double($0.f) }
        softcap = Double(try node.float("softcap", default: 0))
        qkMode = try node.int("qk_matmul_output_mode", default: 0)
        guard (0...3).contains(qkMode) else {
            throw RuntimeError.node(node, "attribute 'qk_matmul_output_mode' = \(qkMode) must be 0, 1, 2 or 3")
        }
        qHeads = try node.int("q_num_heads")
        kvHeads = try node.int("kv_num_heads")
        leftWindow = node.opset >= 25 ? try node.int("left_window_size", default: -1) : -1
        rightWindow = node.opset >= 25 ? try node.int("right_window_size", default: -1) : -1
    }

    /// A [B, H, S, D] view of a 3-D [B, S, H*D] or 4-D input, contiguous.
    func heads(_ t: Tensor, _ h: Int?, _ what: String) throws -> (data: [Double], b: Int, h: Int, s: Int, d: Int) {
        let x = try node.elements(t, Double.self, what)
        if t.rank == 4 { return (x, t.shape[0], t.shape[1], t.shape[2], t.shape[3]) }
        guard t.rank == 3 else { throw RuntimeError.node(node, "\(what) must be 3-D or 4-D, got \(t.shape)") }
        guard let h, h > 0, t.shape[2] % h == 0 else {
            throw RuntimeError.node(node, "3-D \(what) \(t.shape) needs q_num_heads/kv_num_heads dividing its hidden size")
        }
        let (b, s, d) = (t.shape[0], t.shape[1], t.shape[2] / h)
        var out = [Double](repeating: 0, count: x.count)
        for bi in 0..<b { for si in 0..<s { for hi in 0..<h { for di in 0..<d {
            out[((bi * h + hi) * s + si) * d + di] = x[(bi * s + si) * h * d + hi * d + di]
        } } } }
        return (out, b, h, s, d)
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let qt = try node.required(inputs, 0), kt = try node.required(inputs, 1), vt = try node.required(inputs, 2)
        guard qt.rank == kt.rank, kt.rank == vt.rank else {
            throw RuntimeError.node(node, "Q, K and V must have the same rank, got \(qt.shape), \(kt.shape), \(vt.shape)")
        }
        let q = try heads(qt, qHeads, "Q"), k0 = try heads(kt, kvHeads, "K"), v0 = try heads(vt, kvHeads, "V")
        let B = q.b, Hq = q.h, S = q.s, D = q.d
        guard k0.b == B, v0.b == B, k0.h == v0.h, k0.s == v0.s, k0.d == D, k0.h > 0, Hq % k0.h == 0 else {
            throw RuntimeError.node(node, "incompatible Q \(qt.shape), K \(kt.shape), V \(vt.shape)")
        }
        let Hkv = k0.h, Dv = v0.d
        // Past cache.
        var K = k0.data, V = v0.data, past = 0
        let pk = node.optional(inputs, 4), pv = node.optional(inputs, 5)
        if pk != nil || pv != nil {
            guard let pk, let pv, pk.rank == 4, pv.rank == 4, pk.shape[0] == B, pk.shape[1] == Hkv, pk.shape[3] == D,
                  pv.shape[0] == B, pv.shape[1] == Hkv, pv.shape[3] == Dv, pk.shape[2] == pv.shape[2] else {
                throw RuntimeError.node(node, "past_key/past_value must both be given as [batch, kv_heads, past, head_size]")
            }
            past = pk.shape[2]
            let pkd = try node.elements(pk, Double.self, "past_key"), pvd = try node.elements(pv, Double.self, "past_value")
            func concat(_ p: [Double], _ x: [Double], _ d: Int, _ s: Int) -> [Double] {
                var out: [Double] = []
                out.reserveCapacity(p.count + x.count)
                for bh in 0..<(B * Hkv) {
                    out.append(contentsOf: p[(bh * past * d)..<((bh + 1) * past * d)])
                    out.append(contentsOf: x[(bh * s * d)..<((bh + 1) * s * d)])
                }
                return out
            }
            K = concat(pkd, K, D, k0.s)
            V = concat(pvd, V, Dv, k0.s)
        }
        let T = past + k0.s
        // Additive bias [B, Hq, S, T].
        var bias = [Double](repeating: 0, count: B * Hq * S * T)
        var nonpad: [Int]? = nil
        if node.opset >= 24, let np = node.optional(inputs, 6) {
            let v = try Index.ints(np, node, "nonpad_kv_seqlen")
            guard v.count == B else { throw RuntimeError.node(node, "nonpad_kv_seqlen must have \(B) entries") }
            nonpad = v
        }
        if let m = node.optional(inputs, 3) {
            guard m.rank >= 1, m.rank <= 4, m.shape[m.rank - 1] <= T else {
                throw RuntimeError.node(node, "attn_mask shape \(m.shape) does not fit [\(B), \(Hq), \(S), \(T)]")
            }
            let mv: [Double]
            if case .bool(let bb) = m.storage { mv = bb.map { $0 ? 0 : -Double.infinity } } else { mv = try node.elements(m, Double.self, "attn_mask") }
            let ms = [Int](repeating: 1, count: 4 - m.rank) + m.shape
            let mt = ms[3]
            for (i, d) in [B, Hq, S].enumerated() where ms[i] != 1 && ms[i] != d {
                throw RuntimeError.node(node, "attn_mask shape \(m.shape) does not broadcast to [\(B), \(Hq), \(S), \(T)]")
            }
            for b in 0..<B { for h in 0..<Hq { for i in 0..<S { for j in 0..<T {
                let val: Double
                if j >= mt { val = -.infinity } else {
                    val = mv[(((ms[0] == 1 ? 0 : b) * ms[1] + (ms[1] == 1 ? 0 : h)) * ms[2] + (ms[2] == 1 ? 0 : i)) * mt + j]
                }
                bias[((b * Hq + h) * S + i) * T + j] = val
            } } } }
        }
        func offset(_ b: Int) -> Int {
            if past == 0, let nonpad { return nonpad[b] - S }
            return past
        }
        if isCausal || leftWindow >= 0 || rightWindow >= 0 || nonpad != nil {
            for b in 0..<B { for h in 0..<Hq { for i in 0..<S { for j in 0..<T {
                let diff = i + offset(b) - j
                var add = 0.0
                if isCausal && diff < 0 { add = -.infinity }
                if leftWindow >= 0 && diff > leftWindow { add = -.infinity }
                if rightWindow >= 0 && -diff > rightWindow { add = -.infinity }
                if let nonpad, j >= nonpad[b] { add = -.infinity }
                bias[((b * Hq + h) * S + i) * T + j] += add
            } } } }
        }
        let sc = (scale ?? 1 / Double(D).squareRoot()).squareRoot()
        let qs = q.data.map { $0 * sc }
        let ks = K.map { $0 * sc }
        let group = Hq / Hkv
        // The GEMMs below need non-empty operands; an empty sequence or head is a model
        // this op cannot give a meaningful answer for, so it is an error rather than a trap.
        guard S > 0, T > 0, D > 0, Dv > 0 else {
            throw RuntimeError.node(node, "empty sequence or head size (S \(S), T \(T), head \(D), value head \(Dv)) is not supported")
        }
        var y = [Double](repeating: 0, count: B * Hq * S * Dv)
        var qkOut = [Double](repeating: 0, count: B * Hq * S * T)
        var scores = [Double](repeating: 0, count: S * T)
        for b in 0..<B {
            for h in 0..<Hq {
                let kh = b * Hkv + h / group
                try qs.withUnsafeBufferPointer { pq in try ks.withUnsafeBufferPointer { pk in try scores.withUnsafeMutableBufferPointer { ps in
                    try GemmKernel.run(transB: true, m: S, n: T, k: D, a: pq.baseAddress! + (b * Hq + h) * S * D, lda: D,
                                       b: pk.baseAddress! + kh * T * D, ldb: D, c: ps.baseAddress!, ldc: T)
                } } }
                let base = (b * Hq + h) * S * T
                for i in 0..<S {
                    var rowMasked = true
                    for j in 0..<T {
                        var s = scores[i * T + j]
                        if softcap > 0 { s = softcap * Foundation.tanh(s / softcap) }
                        let bv = bias[base + i * T + j]
                        if bv != -.infinity { rowMasked = false }
                        if qkMode <= 1 { qkOut[base + i * T + j] = s }
                        s += bv
                        if qkMode == 2 { qkOut[base + i * T + j] = s }
                        scores[i * T + j] = s
                    }
                    // Softmax of the row (zeros when fully masked).
                    var m = -Double.infinity
                    for j in 0..<T { m = Swift.max(m, scores[i * T + j]) }
                    if rowMasked {
                        for j in 0..<T { scores[i * T + j] = 0 }
                    } else {
                        let shift = m == -.infinity ? 0 : m
                        var sum = 0.0
                        for j in 0..<T { let e = Foundation.exp(scores[i * T + j] - shift); scores[i * T + j] = e; sum += e }
                        if sum == 0 { sum = 1 }
                        for j in 0..<T { scores[i * T + j] /= sum }
                    }
                    if qkMode == 3 { for j in 0..<T { qkOut[base + i * T + j] = scores[i * T + j] } }
                }
                try scores.withUnsafeBufferPointer { ps in try V.withUnsafeBufferPointer { pv in try y.withUnsafeMutableBufferPointer { py in
                    try GemmKernel.run(m: S, n: Dv, k: T, a: ps.baseAddress!, lda: T, b: pv.baseAddress! + kh * T * Dv, ldb: Dv,
                                       c: py.baseAddress! + (b * Hq + h) * S * Dv, ldc: Dv)
                } } }
            }
        }
        let dt = qt.dataType
        var yShape = [B, Hq, S, Dv]
        if qt.rank == 3 {
            var t = [Double](repeating: 0, count: y.count)
            for b in 0..<B { for h in 0..<Hq { for i in 0..<S { for d in 0..<Dv {
                t[(b * S + i) * Hq * Dv + h * Dv + d] = y[((b * Hq + h) * S + i) * Dv + d]
            } } } }
            y = t
            yShape = [B, S, Hq * Dv]
        }
        return [Double.tensor(y, shape: yShape, as: dt),
                Double.tensor(K, shape: [B, Hkv, T, D], as: dt),
                Double.tensor(V, shape: [B, Hkv, T, Dv], as: dt),
                Double.tensor(qkOut, shape: [B, Hq, S, T], as: dt)]
    }
}
