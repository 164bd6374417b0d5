import OnnxFormat

/// Naive N-D convolution and transposed convolution, written straight from the ONNX
/// definitions with one loop per index and a bounds check per tap. The test oracle for
/// `ConvKernel` and `ConvTransposeKernel`, and their path for more than 3 spatial dims.
/// Accumulates in Double.
enum NaiveConv {
    /// Row-major multi-indices of `shape`, in order.
    static func indices(_ shape: [Int]) -> [[Int]] {
        let n = Tensor.elementCount(shape)
        var out: [[Int]] = []
        out.reserveCapacity(n)
        var idx = [Int](repeating: 0, count: shape.count)
        for _ in 0..<n {
            out.append(idx)
            var d = shape.count - 1
            while d >= 0 {
                idx[d] += 1
                if idx[d] < shape[d] { break }
                idx[d] = 0
                d -= 1
            }
        }
        return out
    }

    static func flat(_ idx: [Int], _ shape: [Int]) -> Int {
        var f = 0
        for (i, s) in zip(idx, shape) { f = f * s + i }
        return f
    }

    /// y[n, m, o] = bias[m] + sum over c in m's group and kernel taps k of
    /// x[n, c, o * stride - padBegin + k * dilation] * w[m, c - groupStart, k].
    static func forward<T: BinaryFloatingPoint>(x: [T], w: [T], bias: [T]?, batch n: Int, inChannels c: Int,
                                                outChannels m: Int, group: Int, geometry g: WindowGeometry) -> [T] {
        let cg = c / group, mg = m / group
        let outIdx = indices(g.output), kIdx = indices(g.kernel)
        var y = [T](repeating: 0, count: n * m * g.outputSize)
        for b in 0..<n {
            for oc in 0..<m {
                let gi = oc / mg
                for (oi, o) in outIdx.enumerated() {
                    var acc = Double(bias?[oc] ?? 0)
                    for icg in 0..<cg {
                        let ic = gi * cg + icg
                        for (ki, k) in kIdx.enumerated() {
                            var pos = [Int](repeating: 0, count: g.rank)
                            var inside = true
                            for d in 0..<g.rank {
                                pos[d] = o[d] * g.strides[d] - g.padsBegin[d] + k[d] * g.dilations[d]
                                if pos[d] < 0 || pos[d] >= g.input[d] { inside = false }
                            }
                            if !inside { continue }
                            let xv = x[(b * c + ic) * g.inputSize + flat(pos, g.input)]
                            let wv = w[(oc * cg + icg) * g.kernelSize + ki]
                            acc += Double(xv) * Double(wv)
                        }
                    }
                    y[(b * m + oc) * g.outputSize + oi] = T(acc)
                }
            }
        }
        return y
    }

    /// Scatter form of ConvTranspose: every x[n, c, i] adds x * w[c, m - groupStart, k] to
    /// y[n, m, i * stride - padBegin + k * dilation] when that lies inside the output.
    static func transposed<T: BinaryFloatingPoint>(x: [T], w: [T], bias: [T]?, batch n: Int, inChannels c: Int,
                                                   outChannels m: Int, group: Int, geometry g: WindowGeometry) -> [T] {
        let cg = c / group, mg = m / group
        let inIdx = indices(g.input), kIdx = indices(g.kernel)
        var acc = [Double](repeating: 0, count: n * m * g.outputSize)
        for b in 0..<n {
            for ic in 0..<c {
                let gi = ic / cg
                for (ii, i) in inIdx.enumerated() {
                    let xv = Double(x[(b * c + ic) * g.inputSize + ii])
                    for mgi in 0..<mg {
                        let oc = gi * mg + mgi
                        for (ki, k) in kIdx.enumerated() {
                            var pos = [Int](repeating: 0, count: g.rank)
                            var inside = true
                            for d in 0..<g.rank {
                                pos[d] = i[d] * g.strides[d] - g.padsBegin[d] + k[d] * g.dilations[d]
                                if pos[d] < 0 || pos[d] >= g.output[d] { inside = false }
                            }
                            if !inside { continue }
                            acc[(b * m + oc) * g.outputSize + flat(pos, g.output)] += xv * Double(w[(ic * mg + mgi) * g.kernelSize + ki])
                        }
                    }
                }
            }
        }
        if let bias {
            for b in 0..<n { for oc in 0..<m { for o in 0..<g.outputSize { acc[(b * m + oc) * g.outputSize + o] += Double(bias[oc]) } } }
        }
        return acc.map { T($0) }
    }
}
