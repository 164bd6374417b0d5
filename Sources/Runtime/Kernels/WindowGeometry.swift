import OnnxFormat

/// The `auto_pad` attribute shared by Conv, ConvTranspose and the pooling ops.
enum AutoPad: String, Sendable {
    case notSet = "NOTSET", sameUpper = "SAME_UPPER", sameLower = "SAME_LOWER", valid = "VALID"
}

/// Where a sliding window (convolution or pooling kernel) sits over N spatial dimensions:
/// input and output sizes, kernel, strides, dilations and the padding before/after each
/// dimension. Built by `forward` (Conv, pooling) or `transposed` (ConvTranspose) from the
/// ONNX attributes; every kernel reads only this.
struct WindowGeometry: Equatable, Sendable {
    var input: [Int]
    var kernel: [Int]
    var strides: [Int]
    var dilations: [Int]
    var padsBegin: [Int]
    var padsEnd: [Int]
    var output: [Int]

    var rank: Int { input.count }
    var inputSize: Int { Tensor.elementCount(input) }
    var outputSize: Int { Tensor.elementCount(output) }
    var kernelSize: Int { Tensor.elementCount(kernel) }

    /// The same geometry with leading size-1 dimensions added up to rank 3, so that 1-D,
    /// 2-D and 3-D kernels share one loop nest.
    func padded3() -> WindowGeometry {
        let e = max(0, 3 - rank)
        func ext(_ a: [Int], _ v: Int) -> [Int] { [Int](repeating: v, count: e) + a }
        return WindowGeometry(input: ext(input, 1), kernel: ext(kernel, 1), strides: ext(strides, 1),
                              dilations: ext(dilations, 1), padsBegin: ext(padsBegin, 0),
                              padsEnd: ext(padsEnd, 0), output: ext(output, 1))
    }

    /// Largest kernel size, stride, dilation or pad accepted: far beyond any real model,
    /// small enough that the size arithmetic cannot overflow.
    static let attributeLimit = 1 << 24

    static func checkBounded(_ name: String, _ values: [Int]?) throws {
        guard let values else { return }
        guard values.allSatisfy({ abs($0) <= attributeLimit }) else {
            throw RuntimeError("\(name) \(values) exceeds \(attributeLimit)")
        }
    }

    static func checkCommon(input: [Int], kernel: [Int], strides: [Int]?, dilations: [Int]?) throws -> ([Int], [Int]) {
        let r = input.count
        try checkBounded("kernel_shape", kernel)
        try checkBounded("strides", strides)
        try checkBounded("dilations", dilations)
        guard kernel.count == r else { throw RuntimeError("kernel_shape \(kernel) does not match \(r) spatial dimensions") }
        guard kernel.allSatisfy({ $0 >= 1 }) else { throw RuntimeError("kernel_shape \(kernel) must be positive") }
        let s = strides ?? [Int](repeating: 1, count: r)
        let d = dilations ?? [Int](repeating: 1, count: r)
        guard s.count == r, s.allSatisfy({ $0 >= 1 }) else { throw RuntimeError("strides \(s) must be \(r) positive values") }
        guard d.count == r, d.allSatisfy({ $0 >= 1 }) else { throw RuntimeError("dilations \(d) must be \(r) positive values") }
        guard input.allSatisfy({ $0 >= 0 }) else { throw RuntimeError("negative input size \(input)") }
        return (s, d)
    }

    /// Window geometry of a convolution or pooling: `pads` holds begin values then end
    /// values (ONNX layout). With `ceilMode` the last window may start inside the input or
    /// the begin padding but never wholly in the end padding (as onnxruntime and torch do).
    static func forward(input: [Int], kernel: [Int], strides: [Int]?, dilations: [Int]?, pads: [Int]?,
                        autoPad: AutoPad, ceilMode: Bool = false) throws -> WindowGeometry {
        let r = input.count
        let (s, d) = try checkCommon(input: input, kernel: kernel, strides: strides, dilations: dilations)
        try checkBounded("pads", pads)
        var pb = [Int](repeating: 0, count: r), pe = pb, out = pb
        for i in 0..<r {
            let ek = (kernel[i] - 1) * d[i] + 1
            switch autoPad {
            case .sameUpper, .sameLower:
                out[i] = (input[i] + s[i] - 1) / s[i]
                let total = max(0, (out[i] - 1) * s[i] + ek - input[i])
                pb[i] = autoPad == .sameUpper ? total / 2 : total - total / 2
                pe[i] = total - pb[i]
            case .notSet, .valid:
                if autoPad == .notSet, let pads {
                    guard pads.count == 2 * r else { throw RuntimeError("pads \(pads) must hold \(2 * r) values") }
                    guard pads.allSatisfy({ $0 >= 0 }) else { throw RuntimeError("pads \(pads) must not be negative") }
                    pb[i] = pads[i]; pe[i] = pads[i + r]
                }
                let span = input[i] + pb[i] + pe[i] - ek
                guard span >= 0 else {
                    throw RuntimeError("window \(ek) (kernel \(kernel[i]), dilation \(d[i])) exceeds padded input \(input[i] + pb[i] + pe[i]) in spatial dimension \(i)")
                }
                if ceilMode {
                    out[i] = (span + s[i] - 1) / s[i] + 1
                    if (out[i] - 1) * s[i] >= input[i] + pb[i] { out[i] -= 1 }
                } else {
                    out[i] = span / s[i] + 1
                }
            }
        }
        return WindowGeometry(input: input, kernel: kernel, strides: s, dilations: d, padsBegin: pb, padsEnd: pe, output: out)
    }

    /// Geometry of a transposed convolution, as the ONNX reference computes it: with
    /// `outputShape` (spatial, or with N and C in front) or SAME auto_pad, the pads follow
    /// from the total padding (floor division, so they may be negative); otherwise
    /// out = stride * (in - 1) + output_padding + (kernel - 1) * dilation + 1 - pads.
    /// Here `input` is X's spatial size and `output` the result's.
    static func transposed(input: [Int], kernel: [Int], strides: [Int]?, dilations: [Int]?, pads: [Int]?,
                           autoPad: AutoPad, outputPadding: [Int]?, outputShape: [Int]?) throws -> WindowGeometry {
        let r = input.count
        let (s, d) = try checkCommon(input: input, kernel: kernel, strides: strides, dilations: dilations)
        try checkBounded("pads", pads)
        try checkBounded("output_padding", outputPadding)
        let op = outputPadding ?? [Int](repeating: 0, count: r)
        guard op.count == r, op.allSatisfy({ $0 >= 0 }) else { throw RuntimeError("output_padding \(op) must be \(r) non-negative values") }
        var requested = outputShape
        if let o = requested, o.count == r + 2 { requested = Array(o.dropFirst(2)) }
        if let o = requested { guard o.count == r, o.allSatisfy({ $0 >= 0 && $0 <= Int(Int32.max) }) else { throw RuntimeError("output_shape \(o) does not match \(r) spatial dimensions") } }
        var pb = [Int](repeating: 0, count: r), pe = pb, out = pb
        let same = autoPad == .sameUpper || autoPad == .sameLower
        if same && pads == nil {
            let target = requested ?? (0..<r).map { input[$0] * s[$0] }
            for i in 0..<r {
                let total = s[i] * (input[i] - 1) + op[i] + (kernel[i] - 1) * d[i] + 1 - target[i]
                let half = floorDiv(total, 2)
                if autoPad == .sameUpper { pb[i] = half; pe[i] = total - half } else { pb[i] = total - half; pe[i] = half }
                out[i] = target[i]
            }
        } else {
            if let pads, autoPad == .notSet || same {
                guard pads.count == 2 * r else { throw RuntimeError("pads \(pads) must hold \(2 * r) values") }
                guard pads.allSatisfy({ $0 >= 0 }) else { throw RuntimeError("pads \(pads) must not be negative") }
                pb = Array(pads[0..<r]); pe = Array(pads[r...])
            }
            for i in 0..<r {
                if let o = requested { out[i] = o[i] } else {
                    out[i] = s[i] * (input[i] - 1) + op[i] + (kernel[i] - 1) * d[i] + 1 - pb[i] - pe[i]
                }
                guard out[i] >= 0 else { throw RuntimeError("pads \(pb + pe) leave a negative output size in spatial dimension \(i)") }
            }
        }
        return WindowGeometry(input: input, kernel: kernel, strides: s, dilations: d, padsBegin: pb, padsEnd: pe, output: out)
    }

    @inline(__always) static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// For a window starting at `start` with `k` taps `dilation` apart over `size` input
    /// positions, the half-open range of taps that land inside [0, size).
    @inline(__always) static func validTaps(start: Int, k: Int, dilation: Int, size: Int) -> (Int, Int) {
        let lo = start >= 0 ? 0 : (-start + dilation - 1) / dilation
        let last = size - 1 - start
        let hi = last < 0 ? 0 : min(k, last / dilation + 1)
        return (min(lo, k), max(hi, min(lo, k)))
    }

    /// For output positions o = 0..<count reading input i = o * stride + offset, the half-open
    /// range of o whose i lies in [0, size).
    @inline(__always) static func validOutputs(offset: Int, stride: Int, size: Int, count: Int) -> (Int, Int) {
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = size - 1 - offset
        let hi = last < 0 ? 0 : min(count, last / stride + 1)
        return (min(lo, count), max(hi, min(lo, count)))
    }
}
