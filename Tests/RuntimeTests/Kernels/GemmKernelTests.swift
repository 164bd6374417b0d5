import Testing
import OnnxFormat
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

    /// Sizes that cross the AVX-512 kernel's blocks (12-row and 32-column register tiles,
    /// 256-deep and 144-row cache blocks) and its thread splits by rows and by columns.
    static let blockedCases: [Case] = {
        var out: [Case] = []
        for (i, (m, n, k)) in [(150, 70, 300), (13, 130, 17), (300, 33, 520), (5, 97, 600), (37, 1100, 9)].enumerated() {
            for t in 0..<4 {
                out.append(Case(m: m, n: n, k: k, transA: t % 2 == 1, transB: t / 2 == 1, alpha: [1, -0.5][i % 2],
                                beta: [0, 1, 0.25][(i + t) % 3], seed: UInt64(500 + 4 * i + t)))
            }
        }
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

    @Test(arguments: blockedCases) func blockedFloatMatchesNaive(_ c: Case) throws {
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            try check(c, Float.self, rtol: 1e-4)
        }
    }

    /// A constant left operand packed once (convolution weights) gives the same product,
    /// split by rows or by columns across two threads.
    @Test(arguments: [(150, 50, 300), (24, 700, 40), (13, 5, 7)])
    func prepackedMatchesNaive(_ shape: (Int, Int, Int)) throws {
        guard FastGemm.available else { return }
        let (m, n, k) = shape
        var rng = SeededRandom(seed: UInt64(m * n * k))
        let a: [Float] = rng.values(m * k), b: [Float] = rng.values(k * n), c0: [Float] = rng.values(m * n)
        for beta: Float in [0, 1] {
            var want = c0
            NaiveGemm.run(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: beta, c: &want, ldc: n)
            let packed = a.withUnsafeBufferPointer { FastGemm.PackedMatrix(m: m, k: k, a: $0.baseAddress!, lda: k) }
            for threads in [1, 2] {
                ComputeThreads.set(threads)
                defer { ComputeThreads.set(1) }
                var got = c0
                b.withUnsafeBufferPointer { pb in got.withUnsafeMutableBufferPointer { pc in
                    FastGemm.run(packed: packed, n: n, b: pb.baseAddress!, ldb: n, beta: beta, c: pc.baseAddress!, ldc: n)
                } }
                #expect(closeness(got, want, rtol: 1e-4, atol: 1e-4) <= 1, "m\(m) n\(n) k\(k) beta \(beta) threads \(threads)")
            }
        }
    }

    /// A constant right operand packed once (MatMul weights) gives the same product, with
    /// sizes across the kernel's blocks (K past 256, N not a multiple of 32, M past 144,
    /// fewer than 4 rows),
    /// split by rows or by columns across two threads; MatMul uses it only for the very
    /// tensor it packed.
    @Test(arguments: [(150, 70, 300), (4, 700, 40), (300, 33, 520), (13, 5, 7), (40, 1100, 9), (1, 300, 50), (3, 40, 600)])
    func packedRightMatchesNaive(_ shape: (Int, Int, Int)) throws {
        guard FastGemm.available else { return }
        let (m, n, k) = shape
        var rng = SeededRandom(seed: UInt64(m * n + k))
        let a: [Float] = rng.values(m * k), b: [Float] = rng.values(k * n)
        var want = [Float](repeating: 0, count: m * n)
        NaiveGemm.run(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: 0, c: &want, ldc: n)
        let bt = Tensor(shape: [k, n], floats: b)
        let packed = try #require(FastGemm.PackedRight(bt))
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            var got = [Float](repeating: .nan, count: m * n)
            a.withUnsafeBufferPointer { pa in got.withUnsafeMutableBufferPointer { pc in
                FastGemm.run(m: m, a: pa.baseAddress!, lda: k, packed: packed, c: pc.baseAddress!, ldc: n)
            } }
            #expect(closeness(got, want, rtol: 1e-4, atol: 1e-4) <= 1, "m\(m) n\(n) k\(k) threads \(threads)")
            // Through MatMul with B packed at load, A with batch dimensions folded into M,
            // and B's values dropped as the session does (only its shape arrives).
            let op = try MatMul(NodeInfo(proto: Onnx_NodeProto(), opset: 13, index: 0))
            let served = op.prepack(constants: [nil, bt], types: [ValueType(.float, nil), nil])
            #expect(served == [1])
            let y = try op.run([Tensor(shape: [1, m, k], floats: a), InferenceSession.placeholder(for: bt)])
            #expect(y.first?.shape == [1, m, n])
            if case .float(let values)? = y.first?.storage {
                #expect(closeness(values, want, rtol: 1e-4, atol: 1e-4) <= 1, "MatMul m\(m) n\(n) k\(k) threads \(threads)")
            } else {
                Issue.record("MatMul did not return float32")
            }
            // Through Gemm with transB (a linear layer's [N, K] weights) and a bias C [N]:
            // B packed transposed at load, dropped, and C added with beta.
            var bT = [Float](repeating: 0, count: k * n)
            for r in 0..<k { for c in 0..<n { bT[c * k + r] = b[r * n + c] } }
            let weights = Tensor(shape: [n, k], floats: bT), bias: [Float] = (0..<n).map { Float($0) * 0.01 }
            let gemm = try Gemm(NodeInfo(proto: Graphs.node("Gemm", ["a", "w", "c"], ["y"], [NNTest.attr("transB", 1), NNTest.attr("beta", Float(0.5))]),
                                         opset: 13, index: 0))
            #expect(gemm.prepack(constants: [nil, weights, nil], types: [ValueType(.float, nil), nil, nil]) == [1])
            let g = try gemm.run([Tensor(shape: [m, k], floats: a), InferenceSession.placeholder(for: weights), Tensor(shape: [n], floats: bias)])
            let wantGemm = (0..<(m * n)).map { want[$0] + 0.5 * bias[$0 % n] }
            if case .float(let values)? = g.first?.storage {
                #expect(closeness(values, wantGemm, rtol: 1e-4, atol: 1e-4) <= 1, "Gemm m\(m) n\(n) k\(k) threads \(threads)")
            } else {
                Issue.record("Gemm did not return float32")
            }
        }
    }
}
