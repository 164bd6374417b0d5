/// Naive triple-loop matrix products: the test oracle for `GemmKernel` (BLAS) and the kernel
/// MatMul and Gemm use for integer types. Row-major, same argument meaning as `GemmKernel.run`.
enum NaiveGemm {
    /// C = alpha * op(A) * op(B) + beta * C over floating-point values, accumulating in Double.
    static func run<T: BinaryFloatingPoint>(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                                            alpha: T = 1, a: [T], lda: Int, aOffset: Int = 0,
                                            b: [T], ldb: Int, bOffset: Int = 0,
                                            beta: T = 0, c: inout [T], ldc: Int, cOffset: Int = 0) {
        for i in 0..<m {
            for j in 0..<n {
                var acc = 0.0
                for p in 0..<k {
                    let av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p]
                    let bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j]
                    acc += Double(av) * Double(bv)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[cOffset + i * ldc + j])
                c[cOffset + i * ldc + j] = T(Double(alpha) * acc + old)
            }
        }
    }

    /// C = A * B (+ C when `accumulate`) over integers with wrapping arithmetic, as numpy does.
    static func integer<T: FixedWidthInteger>(m: Int, n: Int, k: Int, a: UnsafeBufferPointer<T>, aOffset: Int,
                                              b: UnsafeBufferPointer<T>, bOffset: Int,
                                              c: UnsafeMutableBufferPointer<T>, cOffset: Int,
                                              transA: Bool = false, transB: Bool = false) {
        for i in 0..<m {
            for j in 0..<n {
                var acc: T = 0
                for p in 0..<k {
                    let av = transA ? a[aOffset + p * m + i] : a[aOffset + i * k + p]
                    let bv = transB ? b[bOffset + j * k + p] : b[bOffset + p * n + j]
                    acc = acc &+ av &* bv
                }
                c[cOffset + i * n + j] = acc
            }
        }
    }
}
