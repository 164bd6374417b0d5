import Foundation
import OnnxFormat

/// SimpleRNN, LSTM and GRU (alone or inside Bidirectional) as one ONNX RNN/LSTM/GRU node.
///
/// Gate order: Keras LSTM kernels hold i, f, c, o; ONNX wants i, o, f, c. Keras GRU and
/// ONNX GRU both use z, r, h; `reset_after` is ONNX `linear_before_reset`. The sequence is
/// fed time-major ([T, B, F], the ONNX default layout, which every runtime supports): the
/// Keras value is only given that layout, so stacked recurrent layers need no Transpose.
enum Recurrent {
    enum Kind: String {
        case simple = "RNN", lstm = "LSTM", gru = "GRU"
        var gates: Int { self == .lstm ? 4 : self == .gru ? 3 : 1 }
        var activationCount: Int { self == .lstm ? 3 : self == .gru ? 2 : 1 }
    }

    /// One recurrent layer's config.
    struct Cell {
        var kind: Kind
        var units: Int
        var activation: String
        var recurrentActivation: String
        var useBias: Bool
        var resetAfter: Bool
        var returnSequences: Bool
        var returnState: Bool
        var goBackwards: Bool
        /// How many weights the layer has in the file.
        var weightCount: Int { useBias ? 3 : 2 }
    }

    static func kind(_ className: String) -> Kind? {
        switch className {
        case "SimpleRNN": return .simple
        case "LSTM": return .lstm
        case "GRU": return .gru
        default: return nil
        }
    }

    /// Reads a SimpleRNN/LSTM/GRU config (of the layer itself, or of a Bidirectional's sub-layer).
    static func cell(_ cfg: LayerConfig, className: String) throws -> Cell {
        guard let kind = kind(className) else { throw cfg.fail("\(className) is not a recurrent layer Parity converts (SimpleRNN, LSTM, GRU)") }
        let units = try cfg.int("units")
        guard units >= 1, units <= 1 << 20 else { throw cfg.fail("units \(units) is out of range") }
        if try cfg.bool("stateful", false) { throw cfg.fail("stateful recurrent layers are not supported") }
        return Cell(kind: kind, units: units, activation: try cfg.activation("activation"),
                    recurrentActivation: kind == .simple ? "linear" : try cfg.activation("recurrent_activation"),
                    useBias: try cfg.bool("use_bias", true), resetAfter: try cfg.bool("reset_after", kind == .gru),
                    returnSequences: try cfg.bool("return_sequences", false), returnState: try cfg.bool("return_state", false),
                    goBackwards: try cfg.bool("go_backwards", false))
    }

    /// The ONNX activation (name, alpha, beta) for a Keras activation, if the recurrent ops have one.
    static func onnxActivation(_ name: String, keras2: Bool) -> (String, Float?, Float?)? {
        switch name {
        case "tanh": return ("Tanh", nil, nil)
        case "sigmoid": return ("Sigmoid", nil, nil)
        case "relu": return ("Relu", nil, nil)
        case "linear": return ("Affine", 1, 0)
        case "hard_sigmoid": return ("HardSigmoid", keras2 ? 0.2 : Float(1.0 / 6.0), 0.5)
        case "softsign": return ("Softsign", nil, nil)
        case "softplus": return ("Softplus", nil, nil)
        case "elu": return ("Elu", 1, nil)
        case "leaky_relu": return ("LeakyRelu", 0.2, nil)
        default: return nil
        }
    }

    /// Keras activations a recurrent layer can use (checked before conversion starts).
    static let supportedActivations: Set<String> = ["tanh", "sigmoid", "relu", "linear", "hard_sigmoid", "softsign", "softplus", "elu", "leaky_relu"]

    /// The activations of one direction in ONNX order: LSTM f, g, h; GRU f, g; RNN f.
    static func activations(_ cell: Cell, _ c: LayerContext) throws -> [(String, Float?, Float?)] {
        let names: [String]
        switch cell.kind {
        case .lstm: names = [cell.recurrentActivation, cell.activation, cell.activation]
        case .gru: names = [cell.recurrentActivation, cell.activation]
        case .simple: names = [cell.activation]
        }
        return try names.map { n in
            guard let a = onnxActivation(n, keras2: c.g.isKeras2) else {
                throw c.fail("activation '\(n)' has no ONNX recurrent equivalent (\(supportedActivations.sorted().joined(separator: ", ")))")
            }
            return a
        }
    }

    /// Rows of `a` ([gates * units, cols]) in another gate order: block `i` of the result is
    /// block `order[i]` of `a`.
    static func reorderGates(_ a: FloatArray, order: [Int], units: Int) -> FloatArray {
        let cols = a.count / max(1, a.shape.first ?? 1)
        var out: [Float] = []
        out.reserveCapacity(a.count)
        for g in order { out += a.values[(g * units * cols) ..< ((g + 1) * units * cols)] }
        return FloatArray(shape: a.shape, values: out)
    }

    /// W [gates*u, in], R [gates*u, u] and B [2*gates*u] (nil: no bias) of one direction,
    /// from the layer's weights starting at `first`.
    static func onnxWeights(_ cell: Cell, _ c: LayerContext, first: Int, inputSize: Int) throws -> (w: FloatArray, r: FloatArray, b: FloatArray?) {
        let u = cell.units, gu = cell.kind.gates * u
        let order = cell.kind == .lstm ? [0, 3, 1, 2] : Array(0 ..< cell.kind.gates)
        let kernel = try c.weight(first, "kernel", shape: [inputSize, gu])
        let recurrent = try c.weight(first + 1, "recurrent_kernel", shape: [u, gu])
        let w = reorderGates(kernel.transposed([1, 0]), order: order, units: u)
        let r = reorderGates(recurrent.transposed([1, 0]), order: order, units: u)
        guard cell.useBias else { return (w, r, nil) }
        var wb: [Float], rb: [Float]
        if cell.kind == .gru && cell.resetAfter {
            let bias = try c.weight(first + 2, "bias", shape: [2, gu])
            wb = Array(bias.values[0 ..< gu])
            rb = Array(bias.values[gu ..< 2 * gu])
        } else {
            let bias = try c.weight(first + 2, "bias", shape: [gu])
            wb = bias.values
            rb = Array(repeating: 0, count: gu)
        }
        wb = reorderGates(FloatArray(shape: [gu, 1], values: wb), order: order, units: u).values
        rb = reorderGates(FloatArray(shape: [gu, 1], values: rb), order: order, units: u).values
        return (w, r, FloatArray(shape: [2 * gu], values: wb + rb))
    }

    /// The ONNX node for `cells` (one: forward or reverse; two: bidirectional) over `x`
    /// (a Keras [B, T, F] value). Returns Y [T, dirs, B, u], Y_h [dirs, B, u], Y_c.
    static func node(_ c: LayerContext, _ x0: KValue, cells: [Cell], weightOffsets: [Int], name: String) throws -> (y: String, h: String, cState: String?) {
        guard x0.rank == 3 else { throw c.fail("expects a rank-3 input [batch, time, features], got rank \(x0.rank)") }
        if c.inputs.count > 1 || !c.tensorKwargs.isEmpty {
            throw c.fail("initial states, masks and constants passed to the call are not supported")
        }
        if let m = c.kwargs["mask"], !(m is NSNull) { throw c.fail("an explicit mask is not supported") }
        guard let first = cells.first, let inputSize = x0.shape[2] else { throw c.fail("the feature size of the input is unknown") }
        let x = c.g.layout(x0, [1, 0, 2])
        var ws: [FloatArray] = [], rs: [FloatArray] = [], bs: [FloatArray?] = []
        for (cell, off) in zip(cells, weightOffsets) {
            let (w, r, b) = try onnxWeights(cell, c, first: off, inputSize: inputSize)
            ws.append(w); rs.append(r); bs.append(b)
        }
        func stack(_ a: [FloatArray]) -> FloatArray {
            FloatArray(shape: [a.count] + (a.first?.shape ?? []), values: a.flatMap(\.values))
        }
        var inputs = [x.name, c.initializer(stack(ws), "W"), c.initializer(stack(rs), "R")]
        if bs.contains(where: { $0 != nil }) {
            // A direction without bias (a Bidirectional with differing use_bias) gets zeros.
            let n = 2 * first.kind.gates * first.units
            inputs.append(c.initializer(stack(bs.map { $0 ?? FloatArray(shape: [n], values: Array(repeating: 0, count: n)) }), "B"))
        }
        var acts: [String] = [], alphas: [Float] = [], betas: [Float] = []
        for cell in cells {
            for (n, a, b) in try activations(cell, c) {
                acts.append(n)
                if let a { alphas.append(a) }
                if let b { betas.append(b) }
            }
        }
        let direction = cells.count == 2 ? "bidirectional" : (first.goBackwards ? "reverse" : "forward")
        typealias B = KerasGraphBuilder
        var attrs = [B.attr("hidden_size", int: first.units), B.attr("direction", string: direction)]
        var actAttr = Onnx_AttributeProto()
        actAttr.name = "activations"; actAttr.type = .strings; actAttr.strings = acts.map { Data($0.utf8) }
        attrs.append(actAttr)
        if !alphas.isEmpty {
            var a = Onnx_AttributeProto(); a.name = "activation_alpha"; a.type = .floats; a.floats = alphas; attrs.append(a)
        }
        if !betas.isEmpty {
            var a = Onnx_AttributeProto(); a.name = "activation_beta"; a.type = .floats; a.floats = betas; attrs.append(a)
        }
        if first.kind == .gru { attrs.append(B.attr("linear_before_reset", int: first.resetAfter ? 1 : 0)) }
        let outs = c.g.node(first.kind.rawValue, inputs, attrs, name: name, outputs: first.kind == .lstm ? 3 : 2)
        return (outs[0], outs[1], first.kind == .lstm ? outs[2] : nil)
    }

    /// Reverses the time axis (ONNX axis 0) of a time-major value.
    static func reverseTime(_ c: LayerContext, _ y: String, name: String) -> String {
        c.g.node1("Slice", [y, c.g.int64s([-1], name: "starts"), c.g.int64s([Int64.min], name: "ends"),
                            c.g.int64s([0], name: "axes"), c.g.int64s([-1], name: "steps")], name: name)
    }

    /// SimpleRNN, LSTM, GRU: outputs [output, states...] as Keras returns them.
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let cell = try Recurrent.cell(c.cfg, className: c.className)
        let x = try c.input()
        let (y, h, cs) = try node(c, x, cells: [cell], weightOffsets: [0], name: "\(c.name)/\(cell.kind.rawValue)")
        let batch = x.shape[0], time = x.shape[1]
        var outs: [KValue] = []
        let hOut = c.g.squeeze(h, axes: [0], name: "\(c.name)/h")
        if cell.returnSequences {
            var seq = c.g.squeeze(y, axes: [1], name: "\(c.name)/sequence")
            // Keras returns a go_backwards sequence in processing order; ONNX in input order.
            if cell.goBackwards { seq = reverseTime(c, seq, name: "\(c.name)/reversed") }
            outs.append(c.output(seq, shape: [batch, time, cell.units], perm: [1, 0, 2]))
        } else {
            outs.append(c.output(hOut, shape: [batch, cell.units]))
        }
        if cell.returnState {
            outs.append(c.output(hOut, shape: [batch, cell.units]))
            if let cs { outs.append(c.output(c.g.squeeze(cs, axes: [0], name: "\(c.name)/c"), shape: [batch, cell.units])) }
        }
        return outs
    }
}
