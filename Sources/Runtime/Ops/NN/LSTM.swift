import OnnxFormat

/// LSTM: long short-term memory layer with gates i, o, f, c (ai.onnx LSTM, opsets 7-22).
/// Inputs X, W [dirs, 4 * hidden, input], R [dirs, 4 * hidden, hidden], optional B
/// [dirs, 8 * hidden], sequence_lens, initial_h, initial_c, P (peepholes [dirs, 3 * hidden]:
/// i, o, f). Attributes activations (default Sigmoid, Tanh, Tanh), activation_alpha/beta,
/// clip, direction, hidden_size, input_forget (couples f = 1 - i), layout (opset 14+).
/// Outputs Y, Y_h, Y_c. Computed in float64.
struct LSTM: Operator {
    let node: NodeInfo
    let rec: Recurrent
    let inputForget: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        rec = try Recurrent(node, defaults: ["Sigmoid", "Tanh", "Tanh"])
        inputForget = try node.int("input_forget", default: 0) != 0
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), wt = try node.required(inputs, 1), rt = try node.required(inputs, 2)
        let (seq, batch, input, hidden) = try rec.sizes(x, wt, gates: 4)
        let dirs = rec.directions.count
        let w = try node.elements(wt, Double.self, "W"), r = try node.elements(rt, Double.self, "R")
        guard r.count == dirs * 4 * hidden * hidden else { throw RuntimeError.node(node, "R shape \(rt.shape) does not fit") }
        let b = try node.optional(inputs, 3).map { try node.elements($0, Double.self, "B") } ?? [Double](repeating: 0, count: dirs * 8 * hidden)
        guard b.count == dirs * 8 * hidden else { throw RuntimeError.node(node, "B does not fit") }
        let lens = try rec.lengths(node.optional(inputs, 4), seq: seq, batch: batch)
        let h0 = try rec.state(node.optional(inputs, 5), batch: batch, hidden: hidden, "initial_h")
        let c0 = try rec.state(node.optional(inputs, 6), batch: batch, hidden: hidden, "initial_c")
        let p = try node.optional(inputs, 7).map { try node.elements($0, Double.self, "P") } ?? [Double](repeating: 0, count: dirs * 3 * hidden)
        guard p.count == dirs * 3 * hidden else { throw RuntimeError.node(node, "P does not fit") }
        // State: H then C.
        let initial = (0..<dirs).map { d in (0..<batch).map { n in
            Array(h0[d][(n * hidden)..<((n + 1) * hidden)]) + Array(c0[d][(n * hidden)..<((n + 1) * hidden)])
        } }
        let couple = inputForget
        let out = rec.loop(xs: try rec.steps(x), lengths: lens, input: input, hidden: hidden, initial: initial, cell: { d, xt, s in
            let f = rec.activations[d][0], g = rec.activations[d][1], hAct = rec.activations[d][2]
            let h = s[0..<hidden], c = Array(s[hidden...])
            let xw = Recurrent.matvec(xt, w, row0: d * 4 * hidden, rows: 4 * hidden, cols: input)
            let hr = Recurrent.matvec(h, r, row0: d * 4 * hidden, rows: 4 * hidden, cols: hidden)
            let wb = d * 8 * hidden, rb = wb + 4 * hidden, pb = d * 3 * hidden
            func gate(_ j: Int, _ k: Int) -> Double { xw[j * hidden + k] + hr[j * hidden + k] + b[wb + j * hidden + k] + b[rb + j * hidden + k] }
            var newH = [Double](repeating: 0, count: hidden), newC = newH
            for k in 0..<hidden {
                let i = f(rec.clipped(gate(0, k) + p[pb + k] * c[k]))
                let fg = couple ? 1 - i : f(rec.clipped(gate(2, k) + p[pb + 2 * hidden + k] * c[k]))
                let cc = g(rec.clipped(gate(3, k)))
                let ct = fg * c[k] + i * cc
                let o = f(rec.clipped(gate(1, k) + p[pb + hidden + k] * ct))
                newC[k] = ct
                newH[k] = o * hAct(ct)
            }
            return newH + newC
        }, hiddenOf: { $0[0..<hidden] }, dataType: x.dataType)
        return [out.y, out.yh, rec.stateTensor(out.final, batch: batch, width: hidden, offset: hidden, x.dataType)]
    }
}
