import OnnxFormat

/// RNN: simple recurrent layer H_t = f(X_t W^T + H_{t-1} R^T + Wb + Rb) (ai.onnx RNN,
/// opsets 7-22). Inputs X, W [dirs, hidden, input], R [dirs, hidden, hidden], optional B
/// [dirs, 2 * hidden], sequence_lens, initial_h. Attributes activations (default Tanh),
/// activation_alpha/beta, clip, direction, hidden_size, layout (opset 14+). Outputs Y and
/// Y_h. Computed in float64.
struct RNN: Operator {
    let node: NodeInfo
    let rec: Recurrent
    init(_ node: NodeInfo) throws {
        self.node = node
        rec = try Recurrent(node, defaults: ["Tanh"])
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), wt = try node.required(inputs, 1), rt = try node.required(inputs, 2)
        let (seq, batch, input, hidden) = try rec.sizes(x, wt, gates: 1)
        let w = try node.elements(wt, Double.self, "W"), r = try node.elements(rt, Double.self, "R")
        guard r.count == rec.directions.count * hidden * hidden else { throw RuntimeError.node(node, "R shape \(rt.shape) does not fit") }
        let b = try node.optional(inputs, 3).map { try node.elements($0, Double.self, "B") } ?? [Double](repeating: 0, count: rec.directions.count * 2 * hidden)
        guard b.count == rec.directions.count * 2 * hidden else { throw RuntimeError.node(node, "B does not fit") }
        let lens = try rec.lengths(node.optional(inputs, 4), seq: seq, batch: batch)
        let h0 = try rec.state(node.optional(inputs, 5), batch: batch, hidden: hidden, "initial_h")
        let initial = h0.map { s in (0..<batch).map { Array(s[($0 * hidden)..<(($0 + 1) * hidden)]) } }
        let out = rec.loop(xs: try rec.steps(x), lengths: lens, input: input, hidden: hidden, initial: initial, cell: { d, xt, h in
            let a = Recurrent.matvec(xt, w, row0: d * hidden, rows: hidden, cols: input)
            let c = Recurrent.matvec(h[...], r, row0: d * hidden, rows: hidden, cols: hidden)
            return (0..<hidden).map { k in rec.activations[d][0](rec.clipped(a[k] + c[k] + b[d * 2 * hidden + k] + b[d * 2 * hidden + hidden + k])) }
        }, hiddenOf: { $0[...] }, dataType: x.dataType)
        return [out.y, out.yh]
    }
}
