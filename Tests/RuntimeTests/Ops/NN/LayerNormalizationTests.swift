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
}
