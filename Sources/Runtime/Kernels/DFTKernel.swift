import Foundation

/// Discrete Fourier transforms of complex lines, as numpy.fft computes them (DFT, STFT).
/// Direct O(n·m) sums in float64 with an exact twiddle table: the ONNX signal ops are used
/// on short frames, and the sums need no power-of-two length.
enum DFTKernel {
    /// The forward (`inverse` false: e^{-2πi jk/n}) or inverse (e^{+2πi jk/n}, scaled 1/n)
    /// transform of length `n` of one line `re`/`im` (zero-padded or truncated to n),
    /// keeping the first `keep` output bins.
    static func transform(re: [Double], im: [Double], n: Int, keep: Int, inverse: Bool) -> (re: [Double], im: [Double]) {
        let (c, s) = twiddles(n)
        let m = min(re.count, n)
        var outR = [Double](repeating: 0, count: keep), outI = [Double](repeating: 0, count: keep)
        let sign: Double = inverse ? 1 : -1
        for k in 0..<keep {
            var ar = 0.0, ai = 0.0
            for j in 0..<m {
                let t = (j * k) % n
                let cr = c[t], ci = sign * s[t]
                ar += re[j] * cr - im[j] * ci
                ai += re[j] * ci + im[j] * cr
            }
            if inverse { ar /= Double(n); ai /= Double(n) }
            outR[k] = ar
            outI[k] = ai
        }
        return (outR, outI)
    }

    /// numpy.fft.irfft: the real signal of length `n` whose one-sided spectrum is `re`/`im`
    /// (bins beyond n/2 ignored, missing ones zero; the imaginary parts of the DC and, for
    /// even n, Nyquist bins ignored), scaled 1/n.
    static func inverseReal(re: [Double], im: [Double], n: Int) -> [Double] {
        let (c, s) = twiddles(n)
        let half = n / 2
        let bins = min(re.count, half + 1)
        var out = [Double](repeating: 0, count: n)
        for t in 0..<n {
            var acc = bins > 0 ? re[0] : 0
            for k in 1..<max(bins, 1) {
                let w = (k * t) % n
                let term = re[k] * c[w] - im[k] * s[w]
                if n % 2 == 0 && k == half { acc += re[k] * c[w] } else { acc += 2 * term }
            }
            out[t] = acc / Double(n)
        }
        return out
    }

    /// cos and sin of 2πt/n for t in 0..<n, exact at the quarter turns.
    static func twiddles(_ n: Int) -> ([Double], [Double]) {
        var c = [Double](repeating: 0, count: n), s = [Double](repeating: 0, count: n)
        for t in 0..<n {
            if 4 * t % n == 0 {
                switch 4 * t / n { case 0: c[t] = 1; case 1: s[t] = 1; case 2: c[t] = -1; default: s[t] = -1 }
            } else {
                let a = 2 * Double.pi * Double(t) / Double(n)
                c[t] = cos(a)
                s[t] = sin(a)
            }
        }
        return (c, s)
    }
}
