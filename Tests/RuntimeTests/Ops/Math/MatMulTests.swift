import Testing
import OnnxFormat
@testable import Runtime

struct MatMulTests {
    @Test(arguments: NNFixtures.names("MatMul")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    /// Batched products with broadcasting against NaiveGemm per batch.
    @Test(arguments: [([2, 3, 4], [4, 5]), ([1, 3, 4], [2, 4, 2]), ([2, 1, 2, 3], [3, 3, 2]), ([3, 1, 5], [1, 5, 3]), ([4], [2, 4, 3])])
    func broadcastBatchesMatchNaive(_ sa: [Int], _ sb: [Int]) throws {
        var r = SeededRandom(seed: UInt64(sa.reduce(7, *) + sb.reduce(3, *)))
        let a: [Float] = r.values(Tensor.elementCount(sa)), b: [Float] = r.values(Tensor.elementCount(sb))
        let y = try NNTest.run("MatMul", opset: 13, inputs: [Tensor(shape: sa, floats: a), Tensor(shape: sb, floats: b)])[0]
        let p = try MatMul.plan(sa, sb)
        var want = [Float](repeating: 0, count: p.batch * p.m * p.n)
        for i in 0..<p.batch {
            NaiveGemm.run(m: p.m, n: p.n, k: p.k, a: a, lda: p.k, aOffset: p.foldBatch ? i * p.m * p.k : p.aOffsets[i],
                          b: b, ldb: p.n, bOffset: p.foldBatch ? 0 : p.bOffsets[i], c: &want, ldc: p.n, cOffset: i * p.m * p.n)
        }
        #expect(y.shape == p.outShape)
        #expect(closeness(y.floats ?? [], want) <= 1)
    }

    @Test func emptyInnerDimensionGivesZeros() throws {
        let y = try NNTest.run("MatMul", opset: 13, inputs: [NNTest.floats([2, 0], []), NNTest.floats([0, 3], [])])[0]
        #expect(y.shape == [2, 3] && y.floats == [0, 0, 0, 0, 0, 0])
    }

    @Test func errors() {
        let a = NNTest.floats([2, 3], .init(repeating: 1, count: 6))
        #expect(NNTest.errorMessage { _ = try NNTest.run("MatMul", opset: 13, inputs: [a, a]) }?.contains("inner dimensions") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("MatMul", opset: 13, inputs: [NNTest.floats([2, 2, 3], .init(repeating: 1, count: 12)), NNTest.floats([3, 3, 1], .init(repeating: 1, count: 9))]) }?.contains("broadcast") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("MatMul", opset: 13, inputs: [a, Tensor(shape: [3], int64s: [1, 2, 3])]) }?.contains("types differ") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("MatMul", opset: 13, inputs: [NNTest.floats([], [1]), a]) }?.contains("rank") == true)
    }
}
