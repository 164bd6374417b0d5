import Foundation
import OnnxFormat

/// LinearAttention: recurrent linear attention over packed heads (ai.onnx LinearAttention,
/// opset 27+). query (B, T, H_q·d_k), key (B, T, H_kv·d_k), value (B, T, H_kv·d_v); the
/// state S (B, H_kv, d_k, d_v) starts from `past_state` (else zeros) and, token by token:
/// - "linear": S += k ⊗ v
/// - "gated": S = exp(g)·S + k ⊗ v
/// - "delta": S += k ⊗ β(v − Sᵀk)
/// - "gated_delta" (default): S = exp(g)·S, then as "delta"
///
/// and o = scale · qᵀS, query head h reading KV head h / (H_q / H_kv). `decay` g is
/// (B, T, H_kv) or (B, T, H_kv·d_k) in log space, `beta` (B, T, H_kv) or (B, T, 1); each is
/// required by the rules that use it and refused by the others. `scale` 0 (default) means
/// 1/√d_k; `chunk_size` is a tuning hint without effect. Computes in float32; output has
/// query's type, present_state past_state's (else query's).
struct LinearAttention: Operator {
    enum Rule: String { case linear, gated, delta, gated_delta }
    let node: NodeInfo
    let qHeads: Int, kvHeads: Int
    let scale: Float
    let rule: Rule

    init(_ node: NodeInfo) throws {
        self.node = node
        guard let q = try node.int("q_num_heads"), let kv = try node.int("kv_num_heads") else {
            throw RuntimeError.node(node, "attributes 'q_num_heads' and 'kv_num_heads' are required")
        }
        guard q > 0, kv > 0, q % kv == 0 else {
            throw RuntimeError.node(node, "q_num_heads (\(q)) must be a positive multiple of kv_num_heads (\(kv))")
        }
        qHeads = q
        kvHeads = kv
        scale = try node.float("scale", default: 0)
        let r = try node.string("update_rule", default: "gated_delta")
        guard let rule = Rule(rawValue: r) else {
            throw RuntimeError.node(node, "attribute 'update_rule' = '\(r)' is not linear, gated, delta or gated_delta")
        }
        self.rule = rule
    }

    var gating: Bool { rule == .gated || rule == .gated_delta }
    var delta: Bool { rule == .delta || rule == .gated_delta }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let query = try node.required(inputs, 0), key = try node.required(inputs, 1), value = try node.required(inputs, 2)
        let past = node.optional(inputs, 3), decay = node.optional(inputs, 4), beta = node.optional(inputs, 5)
        for (name, t) in [("query", query), ("key", key), ("value", value)] where t.rank != 3 {
            throw RuntimeError.node(node, "\(name) must be rank 3 (B, T, H*D), got \(t.shape)")
        }
        if gating != (decay != nil) {
            throw RuntimeError.node(node, "update_rule '\(rule.rawValue)' \(gating ? "requires" : "forbids") the decay input")
        }
        if delta != (beta != nil) {
            throw RuntimeError.node(node, "update_rule '\(rule.rawValue)' \(delta ? "requires" : "forbids") the beta input")
        }
        let b = query.shape[0], t = query.shape[1]
        guard query.shape[2] % qHeads == 0, value.shape[2] % kvHeads == 0 else {
            throw RuntimeError.node(node, "query \(query.shape) / value \(value.shape) last dimension is not divisible by the head count")
        }
        let dk = query.shape[2] / qHeads, dv = value.shape[2] / kvHeads
        guard key.shape == [b, t, kvHeads * dk], value.shape[0] == b, value.shape[1] == t else {
            throw RuntimeError.node(node, "key \(key.shape) and value \(value.shape) do not match query \(query.shape) with \(qHeads)/\(kvHeads) heads")
        }
        let q = try node.elements(query, Float.self, "query"), k = try node.elements(key, Float.self, "key")
        let v = try node.elements(value, Float.self, "value")
        var g: [Float] = [], gWidth = 0
        if let decay {
            guard decay.rank == 3, decay.shape[0] == b, decay.shape[1] == t,
                  decay.shape[2] == kvHeads || decay.shape[2] == kvHeads * dk else {
                throw RuntimeError.node(node, "decay shape \(decay.shape) must be (\(b), \(t), \(kvHeads)) or (\(b), \(t), \(kvHeads * dk))")
            }
            g = try node.elements(decay, Float.self, "decay")
            gWidth = decay.shape[2]
        }
        var be: [Float] = [], bWidth = 0
        if let beta {
            guard beta.rank == 3, beta.shape[0] == b, beta.shape[1] == t, beta.shape[2] == kvHeads || beta.shape[2] == 1 else {
                throw RuntimeError.node(node, "beta shape \(beta.shape) must be (\(b), \(t), \(kvHeads)) or (\(b), \(t), 1)")
            }
            be = try node.elements(beta, Float.self, "beta")
            bWidth = beta.shape[2]
        }
        let stateSize = dk * dv
        var s: [Float]
        if let past {
            guard past.shape == [b, kvHeads, dk, dv] else {
                throw RuntimeError.node(node, "past_state shape \(past.shape) does not match (\(b), \(kvHeads), \(dk), \(dv))")
            }
            s = try node.elements(past, Float.self, "past_state")
        } else {
            s = [Float](repeating: 0, count: b * kvHeads * stateSize)
        }
        let sc = scale == 0 ? 1 / Float(dk).squareRoot() : scale
        let group = qHeads / kvHeads
        var out = [Float](repeating: 0, count: b * t * qHeads * dv)
        var kv = [Float](repeating: 0, count: dv)
        for bi in 0..<b {
            for ti in 0..<t {
                let row = bi * t + ti
                for h in 0..<kvHeads {
                    let sBase = (bi * kvHeads + h) * stateSize
                    let kBase = row * kvHeads * dk + h * dk, vBase = row * kvHeads * dv + h * dv
                    if gating {
                        for d in 0..<dk {
                            let e = Float(exp(Double(g[row * gWidth + (gWidth == kvHeads ? h : h * dk + d)])))
                            for m in 0..<dv { s[sBase + d * dv + m] *= e }
                        }
                    }
                    for m in 0..<dv { kv[m] = v[vBase + m] }
                    if delta {
                        let bt = be[row * bWidth + (bWidth == 1 ? 0 : h)]
                        for m in 0..<dv {
                            var r: Float = 0
                            for d in 0..<dk { r += s[sBase + d * dv + m] * k[kBase + d] }
                            kv[m] = bt * (kv[m] - r)
                        }
                    }
                    for d in 0..<dk {
                        let kd = k[kBase + d]
                        for m in 0..<dv { s[sBase + d * dv + m] += kd * kv[m] }
                    }
                }
                for h in 0..<qHeads {
                    let sBase = (bi * kvHeads + h / group) * stateSize
                    let qBase = row * qHeads * dk + h * dk, oBase = row * qHeads * dv + h * dv
                    for m in 0..<dv {
                        var acc: Float = 0
                        for d in 0..<dk { acc += q[qBase + d] * s[sBase + d * dv + m] }
                        out[oBase + m] = sc * acc
                    }
                }
            }
        }
        return [Float.tensor(out, shape: [b, t, qHeads * dv], as: query.dataType),
                Float.tensor(s, shape: [b, kvHeads, dk, dv], as: past?.dataType ?? query.dataType)]
    }
}

extension LinearAttention: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let q: ValueType? = inputs.at(0), v: ValueType? = inputs.at(2)
        var out: [ValueType.Dim]?, state: [ValueType.Dim]?
        if let qs = q?.shape, let vs = v?.shape, qs.count == 3, vs.count == 3 {
            let dv = vs[2].value.map { ValueType.Dim.fixed($0 / kvHeads) } ?? .unknown
            let dk = qs[2].value.map { ValueType.Dim.fixed($0 / qHeads) } ?? .unknown
            out = [qs[0], qs[1], dv.value.map { .fixed($0 * qHeads) } ?? .unknown]
            state = [qs[0], .fixed(kvHeads), dk, dv]
        }
        let pastType: ValueType? = inputs.at(3)
        return [ValueType(q?.dataType, out), ValueType(pastType?.dataType ?? q?.dataType, state)]
    }
}
