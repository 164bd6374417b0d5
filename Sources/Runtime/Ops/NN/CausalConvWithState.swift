import Foundation
import OnnxFormat

/// CausalConvWithState: stateful causal depthwise 1-D convolution (ai.onnx
/// CausalConvWithState, opset 27+). input (B, C, L), weight (C, 1, k), optional bias (C)
/// and past_state (B, C, k−1) (zeros when absent). With P = past_state ++ input along the
/// last axis, output[b, c, l] = bias[c] + Σ_j weight[c, 0, j]·P[b, c, l + j], then SiLU
/// (x·sigmoid(x)) when `activation` is "silu" or "swish" (default "none"); present_state is
/// the last k−1 positions of P. Computes in float32 (float64 for double), rounding the
/// convolution to the input's type before the activation, as the reference does.
struct CausalConvWithState: Operator {
    let node: NodeInfo
    let silu: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        let a = try node.string("activation", default: "none")
        guard ["none", "silu", "swish"].contains(a) else {
            throw RuntimeError.node(node, "attribute 'activation' = '\(a)' is not silu, swish or none")
        }
        silu = a != "none"
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), w = try node.required(inputs, 1)
        let bias = node.optional(inputs, 2), past = node.optional(inputs, 3)
        guard x.rank == 3 else { throw RuntimeError.node(node, "input must be rank 3 (B, C, L), got \(x.shape)") }
        let (b, c, l) = (x.shape[0], x.shape[1], x.shape[2])
        guard w.rank == 3, w.shape[0] == c, w.shape[1] == 1, w.shape[2] >= 1 else {
            throw RuntimeError.node(node, "weight must be (\(c), 1, k), got \(w.shape)")
        }
        let k = w.shape[2]
        if let bias, bias.shape != [c] { throw RuntimeError.node(node, "bias must be (\(c)), got \(bias.shape)") }
        if let past, past.shape != [b, c, k - 1] {
            throw RuntimeError.node(node, "past_state must be (\(b), \(c), \(k - 1)), got \(past.shape)")
        }
        if x.dataType == .double {
            return try compute(x, w, bias, past, Double.self, b, c, l, k)
        }
        return try compute(x, w, bias, past, Float.self, b, c, l, k)
    }

    func compute<T: NNScalar & BinaryFloatingPoint>(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ past: Tensor?, _: T.Type,
                                                   _ b: Int, _ c: Int, _ l: Int, _ k: Int) throws -> [Tensor] {
        let xs = try node.elements(x, T.self, "input"), ws = try node.elements(w, T.self, "weight")
        let bs = try bias.map { try node.elements($0, T.self, "bias") }
        let ps = try past.map { try node.elements($0, T.self, "past_state") }
        let plen = l + k - 1
        var padded = [T](repeating: 0, count: b * c * plen)
        for p in 0..<(b * c) {
            if let ps { for j in 0..<(k - 1) { padded[p * plen + j] = ps[p * (k - 1) + j] } }
            for j in 0..<l { padded[p * plen + k - 1 + j] = xs[p * l + j] }
        }
        var out = [T](repeating: 0, count: b * c * l)
        for p in 0..<(b * c) {
            let ch = p % c
            for i in 0..<l {
                var acc: T = bs?[ch] ?? 0
                for j in 0..<k { acc += ws[ch * k + j] * padded[p * plen + i + j] }
                out[p * l + i] = acc
            }
        }
        var y = T.tensor(out, shape: [b, c, l], as: x.dataType)
        if silu {
            let r = try node.elements(y, T.self, "output")
            let a = r.map { v -> T in
                let d = Double(v)
                return T(d / (1 + exp(-d)))
            }
            y = T.tensor(a, shape: [b, c, l], as: x.dataType)
        }
        var state = [T](repeating: 0, count: b * c * (k - 1))
        for p in 0..<(b * c) {
            for j in 0..<(k - 1) { state[p * (k - 1) + j] = padded[p * plen + l + j] }
        }
        return [y, T.tensor(state, shape: [b, c, k - 1], as: x.dataType)]
    }
}

extension CausalConvWithState: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0), w: ValueType? = inputs.at(1)
        var state: [ValueType.Dim]?
        if let xs = x?.shape, xs.count == 3, let ws = w?.shape, ws.count == 3 {
            state = [xs[0], xs[1], ws[2].adding(-1)]
        }
        return [x, ValueType(x?.dataType, state)]
    }
}
