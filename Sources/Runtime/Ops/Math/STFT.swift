import OnnxFormat

/// STFT: short-time Fourier transform (ai.onnx STFT, opset 17+). signal [batch, length, 1
/// or 2], frame_step (input 1, scalar), window (input 2, [frame_length], default ones),
/// frame_length (input 3, scalar; default the window's length, else the signal's). Frame f
/// covers samples [f·step, f·step + frame_length), multiplied by the window and transformed
/// (frame_length-point DFT); there are 1 + (length − frame_length) / step frames. Output
/// [batch, frames, bins, 2] with bins = frame_length/2 + 1 when `onesided` (default 1),
/// else frame_length. Computes in float64.
struct STFT: Operator {
    let node: NodeInfo
    let onesided: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        onesided = try node.int("onesided", default: 1) != 0
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), stepT = try node.required(inputs, 1)
        let window = node.optional(inputs, 2), lengthT = node.optional(inputs, 3)
        guard x.rank == 3, x.shape[2] == 1 || x.shape[2] == 2 else {
            throw RuntimeError.node(node, "signal must be [batch, length, 1 or 2], got \(x.shape)")
        }
        let (batch, length, comps) = (x.shape[0], x.shape[1], x.shape[2])
        guard stepT.count == 1, let step = try Index.ints(stepT, node, "frame_step").first, step >= 1 else {
            throw RuntimeError.node(node, "frame_step must be a positive scalar")
        }
        var frameLength = window?.count ?? length
        if let lengthT {
            guard lengthT.count == 1, let v = try Index.ints(lengthT, node, "frame_length").first else {
                throw RuntimeError.node(node, "frame_length must be a scalar")
            }
            frameLength = v
        }
        guard frameLength >= 1, frameLength <= length else {
            throw RuntimeError.node(node, "frame_length \(frameLength) must be in 1...\(length)")
        }
        let w: [Double]
        if let window {
            guard window.rank == 1, window.count == frameLength else {
                throw RuntimeError.node(node, "window must be [\(frameLength)], got \(window.shape)")
            }
            w = try node.elements(window, Double.self, "window")
        } else {
            w = [Double](repeating: 1, count: frameLength)
        }
        let xs = try node.elements(x, Double.self, "signal")
        let frames = 1 + (length - frameLength) / step
        let bins = onesided ? frameLength / 2 + 1 : frameLength
        var out = [Double](repeating: 0, count: batch * frames * bins * 2)
        var re = [Double](repeating: 0, count: frameLength), im = re
        for b in 0..<batch {
            for f in 0..<frames {
                for j in 0..<frameLength {
                    let base = (b * length + f * step + j) * comps
                    re[j] = xs[base] * w[j]
                    im[j] = comps == 2 ? xs[base + 1] * w[j] : 0
                }
                let (yr, yi) = DFTKernel.transform(re: re, im: im, n: frameLength, keep: bins, inverse: false)
                for k in 0..<bins {
                    let o = ((b * frames + f) * bins + k) * 2
                    out[o] = yr[k]
                    out[o + 1] = yi[k]
                }
            }
        }
        return [Double.tensor(out, shape: [batch, frames, bins, 2], as: x.dataType)]
    }
}

extension STFT: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType, nil)]
    }
}
