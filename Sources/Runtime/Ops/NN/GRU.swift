import OnnxFormat

/// GRU: gated recurrent unit with gates z, r, h (ai.onnx GRU, opsets 7-22). Inputs X, W
/// [dirs, 3 * hidden, input], R [dirs, 3 * hidden, hidden], optional B [dirs, 6 * hidden],
/// sequence_lens, initial_h. Attributes activations (default Sigmoid, Tanh),
/// activation_alpha/beta, clip, direction, hidden_size, layout (opset 14+),
/// linear_before_reset (default 0). Outputs Y and Y_h. Computed in float64.
struct GRU: Operator {
    let node: NodeInfo
    let rec: Recurrent
    let linearBeforeReset: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        rec = try Recurrent(node, defaults: ["Sigmoid", "Tanh"])
        linearBeforeReset = try node.int("linear_before_reset", default: 0) != 0
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), wt = try node.required(inputs, 1), rt = try node.required(inputs, 2)
        let (seq, batch, input, hidden) = try rec.sizes(x, wt, gates: 3)
        let dirs = rec.directions.count
        let w = try node.elements(wt, Double.self, "W"), r = try node.elements(rt, Double.self, "R")
        guard r.count == dirs * 3 * hidden * hidden else { throw RuntimeError.node(node, "R shape \(rt.shape) does not fit") }
        let b = try node.optional(inputs, 3).map { try node.elements($0, Double.self, "B") } ?? [Double](repeating: 0, count: dirs * 6 * hidden)
        guard b.count == dirs * 6 * hidden else { throw RuntimeError.node(node, "B does not fit") }
        let lens = try rec.lengths(node.optional(inputs, 4), seq: seq, batch: batch)
        let h0 = try rec.state(node.optional(inputs, 5), batch: batch, hidden: hidden, "initial_h")
        let initial = h0.map { s in (0..<batch).map { Array(s[($0 * hidden)..<(($0 + 1) * hidden)]) } }
        let lbr = linearBeforeReset
        let out = rec.loop(xs: try rec.steps(x), lengths: lens, input: input, hidden: hidden, initial: initial, cell: { d, xt, h in
            let f = rec.activations[d][0], g = rec.activations[d][1]
            let xw = Recurrent.matvec(xt, w, row0: d * 3 * hidden, rows: 3 * hidden, cols: input)
            let hr = Recurrent.matvec(h[...], r, row0: d * 3 * hidden, rows: 3 * hidden, cols: hidden)
            let wb = d * 6 * hidden, rb = wb + 3 * hidden
            var z = [Double](repeating: 0, count: hidden), rr = z
            for k in 0..<hidden {
                z[k] = f(rec.clipped(xw[k] + hr[k] + b[wb + k] + b[rb + k]))
                rr[k] = f(rec.clipped(xw[hidden + k] + hr[hidden + k] + b[wb + hidden + k] + b[rb + hidden + k]))
            }
            var hh = [Double](repeating: 0, count: hidden)
            if lbr {
                for k in 0..<hidden {
                    hh[k] = g(rec.clipped(xw[2 * hidden + k] + b[wb + 2 * hidden + k] + rr[k] * (hr[2 * hidden + k] + b[rb + 2 * hidden + k])))
                }
            } else {
                let rh = (0..<hidden).map { rr[$0] * h[$0] }
                let m = Recurrent.matvec(rh[...], r, row0: d * 3 * hidden + 2 * hidden, rows: hidden, cols: hidden)
                for k in 0..<hidden {
                    hh[k] = g(rec.clipped(xw[2 * hidden + k] + b[wb + 2 * hidden + k] + m[k] + b[rb + 2 * hidden + k]))
                }
            }
            return (0..<hidden).map { k in (1 - z[k]) * hh[k] + z[k] * h[k] }
        }, hiddenOf: { $0[...] }, dataType: x.dataType)
        return [out.y, out.yh]
    }
}
