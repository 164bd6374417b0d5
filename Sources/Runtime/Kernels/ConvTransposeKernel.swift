import OnnxFormat

/// Transposed convolution (ONNX ConvTranspose, NCHW): X [N, C, in...], W [C, M/group,
/// kernel...], optional bias [M] -> Y [N, M, out...].
///
/// Per batch and group: col[(m, kernel), in] = W_g^T * X_g with BLAS, then col2im adds each
/// column into the output positions o = i * stride - pad + k * dilation that fall inside
/// the output (pads may be negative when output_shape asks for more than the natural size).
/// Up to 3 spatial dimensions run through one 3-D loop nest; more use the naive reference,
/// `NaiveConv.transposed`, which is also the test oracle.
enum ConvTransposeKernel {
    static func forward<T: GemmScalar>(x: [T], w: [T], bias: [T]?, batch n: Int, inChannels c: Int,
                                       outChannels m: Int, group: Int, geometry g: WindowGeometry) throws -> [T] {
        guard group >= 1, c % group == 0, m % group == 0 else {
            throw RuntimeError("group \(group) must divide input channels \(c) and output channels \(m)")
        }
        guard x.count == n * c * g.inputSize, w.count == c * (m / group) * g.kernelSize else {
            throw RuntimeError("transposed convolution buffers do not match their shapes")
        }
        if let b = bias, b.count != m { throw RuntimeError("bias has \(b.count) elements, expected \(m)") }
        if g.rank > 3 {
            return NaiveConv.transposed(x: x, w: w, bias: bias, batch: n, inChannels: c, outChannels: m, group: group, geometry: g)
        }
        let outSize = g.outputSize, inSize = g.inputSize, kSize = g.kernelSize
        let cg = c / group, mg = m / group
        var y = ConvKernel.initialOutput(bias: bias, batch: n, channels: m, planeSize: outSize)
        if y.isEmpty || inSize == 0 { return y }
        let g3 = g.padded3()
        let rows = mg * kSize
        var col = [T](repeating: 0, count: rows * inSize)
        try x.withUnsafeBufferPointer { px in try w.withUnsafeBufferPointer { pw in try y.withUnsafeMutableBufferPointer { py in
            try col.withUnsafeMutableBufferPointer { pc in
                guard let xb = px.baseAddress, let wb = pw.baseAddress, let yb = py.baseAddress, let cb = pc.baseAddress else { return }
                for b in 0..<n {
                    for gi in 0..<group {
                        try GemmKernel.run(transA: true, m: rows, n: inSize, k: cg, a: wb + gi * cg * rows, lda: rows,
                                     b: xb + (b * c + gi * cg) * inSize, ldb: inSize, c: cb, ldc: inSize)
                        col2im3D(col: cb, channels: mg, g: g3, y: yb + (b * m + gi * mg) * outSize)
                    }
                }
            }
        } } }
        return y
    }

    /// Adds col[(m, kd, kh, kw), (id, ih, iw)] into y[m, od, oh, ow] (3-D geometry whose
    /// `input` is X's spatial size and `output` Y's).
    static func col2im3D<T: BinaryFloatingPoint>(col: UnsafePointer<T>, channels: Int, g: WindowGeometry, y: UnsafeMutablePointer<T>) {
        let (D, H, W) = (g.input[0], g.input[1], g.input[2])
        let (KD, KH, KW) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (OD, OH, OW) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.strides[0], g.strides[1], g.strides[2])
        let (dd, dh, dw) = (g.dilations[0], g.dilations[1], g.dilations[2])
        let (pd, ph, pw) = (g.padsBegin[0], g.padsBegin[1], g.padsBegin[2])
        let inSize = D * H * W, outSize = OD * OH * OW
        var row = 0
        for ch in 0..<channels {
            let plane = y + ch * outSize
            for kd in 0..<KD { for kh in 0..<KH { for kw in 0..<KW {
                let src = col + row * inSize
                row += 1
                // ow = iw * sw + off must lie in [0, OW): the valid iw range.
                let off = kw * dw - pw
                let (lo, hi) = WindowGeometry.validOutputs(offset: off, stride: sw, size: OW, count: W)
                if hi <= lo { continue }
                for id in 0..<D {
                    let od = id * sd - pd + kd * dd
                    if od < 0 || od >= OD { continue }
                    for ih in 0..<H {
                        let oh = ih * sh - ph + kh * dh
                        if oh < 0 || oh >= OH { continue }
                        let srow = src + (id * H + ih) * W
                        let drow = plane + (od * OH + oh) * OW + off
                        if sw == 1 {
                            for iw in lo..<hi { drow[iw] += srow[iw] }
                        } else {
                            for iw in lo..<hi { drow[iw * sw] += srow[iw] }
                        }
                    }
                }
            } } }
        }
    }
}
