import Foundation
import OnnxFormat

/// What RNN, GRU and LSTM share: the attributes direction, layout, hidden_size, clip,
/// activations with activation_alpha/activation_beta, and the time loop over
/// sequence_lens (steps past a batch entry's length leave its state unchanged and write
/// zeros to Y; the reverse direction runs over each entry's own length backwards).
struct Recurrent: Sendable {
    typealias Activation = @Sendable (Double) -> Double
    let node: NodeInfo
    let directions: [Bool]   // true: reverse
    let layout: Int
    let hiddenSize: Int?
    let clip: Double?
    /// Activations per direction, `perDirection` each.
    let activations: [[Activation]]

    init(_ node: NodeInfo, defaults: [String]) throws {
        self.node = node
        let d = try node.string("direction", default: "forward")
        switch d {
        case "forward": directions = [false]
        case "reverse": directions = [true]
        case "bidirectional": directions = [false, true]
        default: throw RuntimeError.node(node, "attribute 'direction' = '\(d)' must be forward, reverse or bidirectional")
        }
        layout = try node.int("layout", default: 0)
        hiddenSize = try node.int("hidden_size")
        clip = node.attributes["clip"].map { Double($0.f) }
        let names = node.strings("activations") ?? []
        var alphas = node.floats("activation_alpha") ?? [], betas = node.floats("activation_beta") ?? []
        let k = defaults.count
        var acts: [[Activation]] = []
        for dir in 0..<directions.count {
            var list: [Activation] = []
            for j in 0..<k {
                let i = dir * k + j
                let name = i < names.count ? names[i] : defaults[j]
                func take(_ a: inout [Float], _ def: Double) -> Double { a.isEmpty ? def : Double(a.removeFirst()) }
                let f: Activation
                switch name.lowercased() {
                case "relu": f = { Swift.max($0, 0) }
                case "tanh": f = { Foundation.tanh($0) }
                case "sigmoid": f = { 1 / (1 + Foundation.exp(-$0)) }
                case "affine": let a = take(&alphas, 1), b = take(&betas, 0); f = { a * $0 + b }
                case "leakyrelu": let a = take(&alphas, 0.01); f = { $0 >= 0 ? $0 : a * $0 }
                case "thresholdedrelu": let a = take(&alphas, 1); f = { $0 > a ? $0 : 0 }
                case "scaledtanh": let a = take(&alphas, 1), b = take(&betas, 1); f = { a * Foundation.tanh(b * $0) }
                case "hardsigmoid": let a = take(&alphas, 0.2), b = take(&betas, 0.5); f = { Swift.max(0, Swift.min(1, a * $0 + b)) }
                case "elu": let a = take(&alphas, 1); f = { $0 >= 0 ? $0 : a * (Foundation.exp($0) - 1) }
                case "softsign": f = { $0 / (1 + abs($0)) }
                case "softplus": f = { Foundation.log1p(Foundation.exp($0)) }
                default: throw RuntimeError.node(node, "unknown activation '\(name)'")
                }
                list.append(f)
            }
            acts.append(list)
        }
        activations = acts
    }

    func clipped(_ x: Double) -> Double {
        guard let clip else { return x }
        return Swift.min(Swift.max(x, -clip), clip)
    }

    /// Sizes read from X [seq, batch, input] (or [batch, seq, input] for layout 1) and W
    /// [dirs, gates * hidden, input].
    func sizes(_ x: Tensor, _ w: Tensor, gates: Int) throws -> (seq: Int, batch: Int, input: Int, hidden: Int) {
        guard x.rank == 3, w.rank == 3, w.shape[0] == directions.count, w.shape[2] == x.shape[2], w.shape[1] % gates == 0 else {
            throw RuntimeError.node(node, "X \(x.shape) and W \(w.shape) do not fit \(directions.count) direction(s) of \(gates) gate(s)")
        }
        let hidden = w.shape[1] / gates
        if let hiddenSize, hiddenSize != hidden { throw RuntimeError.node(node, "hidden_size \(hiddenSize) differs from W's \(hidden)") }
        return layout == 0 ? (x.shape[0], x.shape[1], x.shape[2], hidden) : (x.shape[1], x.shape[0], x.shape[2], hidden)
    }

    /// X as [seq][batch][input] values.
    func steps(_ x: Tensor) throws -> [[Double]] {
        let v = try node.elements(x, Double.self, "X")
        let (a, b, i) = (x.shape[0], x.shape[1], x.shape[2])
        let (seq, batch) = layout == 0 ? (a, b) : (b, a)
        return (0..<seq).map { t in
            var row = [Double](repeating: 0, count: batch * i)
            for n in 0..<batch { for k in 0..<i { row[n * i + k] = v[(layout == 0 ? (t * batch + n) : (n * seq + t)) * i + k] } }
            return row
        }
    }

    /// Per-batch sequence lengths (default: all `seq`).
    func lengths(_ t: Tensor?, seq: Int, batch: Int) throws -> [Int] {
        guard let t else { return [Int](repeating: seq, count: batch) }
        let v = try Index.ints(t, node, "sequence_lens")
        guard v.count == batch, v.allSatisfy({ $0 >= 0 && $0 <= seq }) else {
            throw RuntimeError.node(node, "sequence_lens must hold \(batch) lengths in [0, \(seq)]")
        }
        return v
    }

    /// An optional initial state [dirs, batch, hidden] (layout 1: [batch, dirs, hidden]) as
    /// [dir][batch * hidden].
    func state(_ t: Tensor?, batch: Int, hidden: Int, _ what: String) throws -> [[Double]] {
        let dirs = directions.count
        guard let t else { return [[Double]](repeating: [Double](repeating: 0, count: batch * hidden), count: dirs) }
        let v = try node.elements(t, Double.self, what)
        guard v.count == dirs * batch * hidden else { throw RuntimeError.node(node, "\(what) shape \(t.shape) does not fit") }
        return (0..<dirs).map { d in
            (0..<(batch * hidden)).map { k in
                let n = k / hidden, h = k % hidden
                return v[layout == 0 ? (d * batch + n) * hidden + h : (n * dirs + d) * hidden + h]
            }
        }
    }

    /// out[r] = sum_k x[k] * m[row0 + r][k] for r in 0..<rows (m row-major with `cols` columns).
    static func matvec(_ x: ArraySlice<Double>, _ m: [Double], row0: Int, rows: Int, cols: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        let xs = Array(x)
        for r in 0..<rows {
            var s = 0.0
            let base = (row0 + r) * cols
            for k in 0..<cols { s += xs[k] * m[base + k] }
            out[r] = s
        }
        return out
    }

    /// Runs every direction: `cell(dir, x_t, state, batchIndex) -> new state` over each batch
    /// entry's time steps. States are per direction [batch][stateWidth]; `hiddenOf` extracts
    /// H from a state. Returns Y (layout-ordered), Y_h and the final states.
    func loop(xs: [[Double]], lengths: [Int], input: Int, hidden: Int, initial: [[[Double]]],
              cell: (Int, ArraySlice<Double>, [Double]) -> [Double], hiddenOf: ([Double]) -> ArraySlice<Double>,
              dataType: DataType) -> (y: Tensor, yh: Tensor, final: [[[Double]]]) {
        let seq = xs.count, batch = lengths.count, dirs = directions.count
        var y = [Double](repeating: 0, count: seq * dirs * batch * hidden)
        var final = initial
        for (d, reverse) in directions.enumerated() {
            for n in 0..<batch {
                var s = initial[d][n]
                let len = lengths[n]
                for step in 0..<len {
                    let t = reverse ? len - 1 - step : step
                    let xt = xs[t][(n * input)..<((n + 1) * input)]
                    s = cell(d, xt, s)
                    let h = Array(hiddenOf(s))
                    for k in 0..<hidden {
                        let idx = layout == 0 ? ((t * dirs + d) * batch + n) * hidden + k : ((n * seq + t) * dirs + d) * hidden + k
                        y[idx] = h[k]
                    }
                }
                final[d][n] = s
            }
        }
        let yShape = layout == 0 ? [seq, dirs, batch, hidden] : [batch, seq, dirs, hidden]
        return (Double.tensor(y, shape: yShape, as: dataType), stateTensor(final, batch: batch, width: hidden, offset: 0, dataType), final)
    }

    /// [dirs, batch, hidden] (layout 1: [batch, dirs, hidden]) from states, taking `width`
    /// values at `offset` of each.
    func stateTensor(_ s: [[[Double]]], batch: Int, width: Int, offset: Int, _ dt: DataType) -> Tensor {
        let dirs = s.count
        var v = [Double](repeating: 0, count: dirs * batch * width)
        for d in 0..<dirs { for n in 0..<batch { for k in 0..<width {
            v[layout == 0 ? (d * batch + n) * width + k : (n * dirs + d) * width + k] = s[d][n][offset + k]
        } } }
        return Double.tensor(v, shape: layout == 0 ? [dirs, batch, width] : [batch, dirs, width], as: dt)
    }
}
