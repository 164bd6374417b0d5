import CBLAS
import OnnxFormat

/// A floating-point element type with a BLAS matrix product (float32: sgemm, float64: dgemm).
/// Conv, ConvTranspose, Gemm and MatMul are written once over this protocol.
protocol GemmScalar: BinaryFloatingPoint, Sendable {
    /// Row-major C = alpha * op(A) * op(B) + beta * C, sizes already checked by `GemmKernel.run`.
    static func blasGemm(_ transA: Bool, _ transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32,
                         _ alpha: Self, _ a: UnsafePointer<Self>, _ lda: Int32,
                         _ b: UnsafePointer<Self>, _ ldb: Int32,
                         _ beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int32)
}

extension Float: GemmScalar {
    static func blasGemm(_ transA: Bool, _ transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32,
                         _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int32,
                         _ b: UnsafePointer<Float>, _ ldb: Int32,
                         _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int32) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

extension Double: GemmScalar {
    static func blasGemm(_ transA: Bool, _ transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32,
                         _ alpha: Double, _ a: UnsafePointer<Double>, _ lda: Int32,
                         _ b: UnsafePointer<Double>, _ ldb: Int32,
                         _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int32) {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

/// The matrix-product kernel behind Gemm, MatMul, Conv and ConvTranspose: OpenBLAS
/// through `GemmScalar`, with the degenerate sizes BLAS rejects handled here.
/// `Kernels/Reference/NaiveGemm.swift` is its test oracle.
enum GemmKernel {
    /// Row-major C[m x n] = alpha * op(A) * op(B) + beta * C, where op(A) is m x k and op(B)
    /// is k x n; `lda`, `ldb`, `ldc` are the row strides of A, B, C as stored.
    /// Throws when a size exceeds BLAS's 32-bit integers.
    static func run<T: GemmScalar>(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                                   alpha: T = 1, a: UnsafePointer<T>, lda: Int,
                                   b: UnsafePointer<T>, ldb: Int,
                                   beta: T = 0, c: UnsafeMutablePointer<T>, ldc: Int) throws {
        guard m >= 0, n >= 0, k >= 0 else { throw RuntimeError("matrix product with negative size \(m)x\(k)x\(n)") }
        if m == 0 || n == 0 { return }
        if k == 0 || alpha == 0 {
            // BLAS may reject k == 0 (lda < 1); the product is empty, so C = beta * C.
            for i in 0..<m {
                let row = c + i * ldc
                if beta == 0 { for j in 0..<n { row[j] = 0 } } else if beta != 1 { for j in 0..<n { row[j] *= beta } }
            }
            return
        }
        let limit = Int(Int32.max)
        guard m <= limit, n <= limit, k <= limit, lda <= limit, ldb <= limit, ldc <= limit else {
            throw RuntimeError("matrix product \(m)x\(k)x\(n) exceeds BLAS's 32-bit sizes")
        }
        if T.self == Float.self, FastGemm.available {
            // float32 on AVX-512: our own kernel (twice OpenBLAS's speed where OpenBLAS runs
            // its AVX2 kernels), threaded by ComputeThreads.
            FastGemm.run(transA: transA, transB: transB, m: m, n: n, k: k, alpha: Float(alpha),
                         a: UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda: lda,
                         b: UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb: ldb,
                         beta: Float(beta), c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc)
            return
        }
        T.blasGemm(transA, transB, Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(lda, 1)),
                   b, Int32(max(ldb, 1)), beta, c, Int32(max(ldc, 1)))
    }
}
