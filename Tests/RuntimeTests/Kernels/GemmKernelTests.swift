import Testing
@testable import Runtime

/// GemmKernel (BLAS) against NaiveGemm on seeded random problems.
struct GemmKernelTests {
    struct Case: CustomStringConvertible, Sendable {
        let m, n, k: Int
        let transA, transB: Bool
        let alpha, beta: Float
        let seed: UInt64
        var description: String { "m\(m) n\(n) k\(k) tA\(transA) tB\(transB) a\(alpha) b\(beta)" }
    }

    static let cases: [Case] = {
        var rng = SeededRandom(seed: 11)
        var out: [Case] = []
        for i in 0..<24 {
            out.append(Case(m: rng.int(1...9), n: rng.int(1...9), k: rng.int(1...9), transA: i % 2 == 1, transB: i / 2 % 2 == 1,
                            alpha: [1, 0.5, -2][i % 3], beta: [0, 1, 0.25][i / 3 % 3], seed: UInt64(100 + i)))
        }
        out.append(Case(m: 3, n: 4, k: 0, transA: false, transB: false, alpha: 1, beta: 0.5, seed: 7))
        out.append(Case(m: 64, n: 33, k: 70, transA: false, transB: true, alpha: 1, beta: 0, seed: 8))
        return out
    }()

    func check<T: GemmScalar>(_ c: Case, _: T.Type, rtol: Double) throws {
        var rng = SeededRandom(seed: c.seed)
        // Pad the leading dimensions to exercise lda/ldb/ldc larger than the row length.
        let (ar, ac) = c.transA ? (c.k, c.m) : (c.m, c.k)
        let (br, bc) = c.transB ? (c.n, c.k) : (c.k, c.n)
        let lda = ac + 2, ldb = bc + 1, ldc = c.n + 3
        let a: [T] = rng.values(ar * lda), b: [T] = rng.values(br * ldb)
        let c0: [T] = rng.values(c.m * ldc)
        var want = c0
        NaiveGemm.run(transA: c.transA, transB: c.transB, m: c.m, n: c.n, k: c.k, alpha: T(c.alpha), a: a, lda: lda,
                      b: b, ldb: ldb, beta: T(c.beta), c: &want, ldc: ldc)
        var got = c0
        try a.withUnsafeBufferPointer { pa in try b.withUnsafeBufferPointer { pb in try got.withUnsafeMutableBufferPointer { pc in
            try GemmKernel.run(transA: c.transA, transB: c.transB, m: c.m, n: c.n, k: c.k, alpha: T(c.alpha),
                               a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb, beta: T(c.beta),
                               c: pc.baseAddress!, ldc: ldc)
        } } }
        #expect(closeness(got, want, rtol: rtol, atol: rtol) <= 1, "\(c)")
    }

    @Test(arguments: cases) func floatMatchesNaive(_ c: Case) throws { try check(c, Float.self, rtol: 1e-5) }
    @Test(arguments: cases) func doubleMatchesNaive(_ c: Case) throws { try check(c, Double.self, rtol: 1e-12) }
}
