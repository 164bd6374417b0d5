import OnnxFormat

/// DFT: discrete Fourier transform along one axis (ai.onnx DFT, opsets 17 and 20).
/// input is [..., 1] (real) or [..., 2] (complex as re, im); `axis` (an attribute, default
/// 1, at opset 17; input 2, default -2, from opset 20) counts the last dimension, which it
/// may not be. `dft_length` (input 1) zero-pads or truncates the signal (default: its
/// length). Forward: output [..., 2] with dft_length bins, or dft_length/2+1 when
/// `onesided`. Inverse (scaled 1/n): complex output; with `onesided` the input is a
/// one-sided spectrum and the output the real signal [..., 1] of length dft_length (default
/// 2·(bins−1)), as numpy.fft.irfft and onnx's reference. Computes in float64.
struct DFT: Operator {
    let node: NodeInfo
    let axisAttribute: Int
    let inverse: Bool
    let onesided: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        axisAttribute = node.opset < 20 ? try node.int("axis", default: 1) : -2
        inverse = try node.int("inverse", default: 0) != 0
        onesided = try node.int("onesided", default: 0) != 0
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        var axis = axisAttribute
        if node.opset >= 20, let a = node.optional(inputs, 2) {
            guard a.count == 1, let v = try Index.ints(a, node, "axis").first else { throw RuntimeError.node(node, "axis must be a scalar") }
            axis = v
        }
        guard x.rank >= 2, let comps = x.shape.last, comps == 1 || comps == 2 else {
            throw RuntimeError.node(node, "input must be [..., 1] or [..., 2], got \(x.shape)")
        }
        let a = try Index.axis(axis, rank: x.rank, node)
        guard a < x.rank - 1 else { throw RuntimeError.node(node, "axis \(axis) is the complex dimension") }
        let len = x.shape[a]
        var n = inverse && onesided ? 2 * (len - 1) : len
        if let l = node.optional(inputs, 1) {
            guard l.count == 1, let v = try Index.ints(l, node, "dft_length").first else {
                throw RuntimeError.node(node, "dft_length must be a scalar")
            }
            n = v
        }
        guard n >= 1 else { throw RuntimeError.node(node, "dft_length \(n) must be positive") }
        let xs = try node.elements(x, Double.self, "input")
        let outer = Tensor.elementCount(Array(x.shape[..<a]))
        let inner = Tensor.elementCount(Array(x.shape[(a + 1)..<(x.rank - 1)]))
        let real = inverse && onesided
        let outLen = real ? n : (onesided ? n / 2 + 1 : n)
        let outC = real ? 1 : 2
        var out = [Double](repeating: 0, count: outer * outLen * inner * outC)
        var re = [Double](repeating: 0, count: len), im = [Double](repeating: 0, count: len)
        for o in 0..<outer {
            for i in 0..<inner {
                for j in 0..<len {
                    let base = ((o * len + j) * inner + i) * comps
                    re[j] = xs[base]
                    im[j] = comps == 2 ? xs[base + 1] : 0
                }
                if real {
                    let y = DFTKernel.inverseReal(re: re, im: im, n: n)
                    for t in 0..<n { out[(o * outLen + t) * inner + i] = y[t] }
                } else {
                    let (yr, yi) = DFTKernel.transform(re: re, im: im, n: n, keep: outLen, inverse: inverse)
                    for t in 0..<outLen {
                        let base = ((o * outLen + t) * inner + i) * 2
                        out[base] = yr[t]
                        out[base + 1] = yi[t]
                    }
                }
            }
        }
        var shape = x.shape
        shape[a] = outLen
        shape[x.rank - 1] = outC
        return [Double.tensor(out, shape: shape, as: x.dataType)]
    }
}

extension DFT: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType, nil)]
    }
}
