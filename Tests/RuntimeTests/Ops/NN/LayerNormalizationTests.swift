import Testing
import OnnxFormat
@testable import Runtime

struct LayerNormalizationTests {
    @Test(arguments: NNFixtures.names("LayerNormalization")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func badAxisAndScaleThrow() {
        let x = NNTest.floats([2, 3], [1, 2, 3, 4, 5, 6])
        #expect(NNTest.errorMessage { _ = try NNTest.run("LayerNormalization", opset: 17, [NNTest.attr("axis", 2)], inputs: [x, NNTest.floats([3], [1, 1, 1])]) }?.contains("axis") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("LayerNormalization", opset: 17, inputs: [x, NNTest.floats([2], [1, 1])]) }?.contains("Scale") == true)
    }

    /// The vector kernel against a naive double layer norm (statistics in double, the
    /// output rounded once), for widths around the 16-lane blocks and BERT/ViT's 768.
    @Test func rowsMatchNaiveLayerNorm() throws {
        var g = SplitMix64(seed: 11)
        for n in [1, 7, 16, 17, 37, 768] {
            let rows = 3
            let x = (0..<rows * n).map { _ in Float(g.uniform() * 8 - 3) }
            let scale = (0..<n).map { _ in Float(g.uniform() + 0.5) }
            let bias = (0..<n).map { _ in Float(g.uniform() - 0.5) }
            let y = try #require(try NNTest.run("LayerNormalization", opset: 17,
                                                inputs: [NNTest.floats([rows, n], x), NNTest.floats([n], scale), NNTest.floats([n], bias)])[0].floats)
            for r in 0..<rows {
                let row = x[r * n ..< (r + 1) * n].map(Double.init)
                let mean = row.reduce(0, +) / Double(n)
                let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
                let inv = 1 / (variance + 1e-5).squareRoot()
                for i in 0..<n {
                    let want = (row[i] - mean) * inv * Double(scale[i]) + Double(bias[i])
                    #expect(abs(Double(y[r * n + i]) - want) <= 1e-5 * max(1, abs(want)), "n \(n) row \(r) [\(i)]")
                }
            }
        }
    }
}
