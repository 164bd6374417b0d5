import Testing
import OnnxFormat
@testable import Runtime

struct GroupNormalizationTests {
    @Test(arguments: NNFixtures.names("GroupNormalization")) func matchesOnnxReference(_ name: String) throws { try NNFixtures.check(name) }

    @Test func attributeAndShapeErrors() {
        #expect(NNTest.errorMessage { _ = try NNTest.make("GroupNormalization", opset: 21, inputs: 3) }?.contains("num_groups") == true)
        let x = NNTest.floats([1, 4, 1], [1, 2, 3, 4])
        let two = NNTest.floats([2], [1, 1])
        #expect(NNTest.errorMessage { _ = try NNTest.run("GroupNormalization", opset: 21, [NNTest.attr("num_groups", 3)], inputs: [x, two, two]) }?.contains("divide") == true)
        // Opset 21 wants one scale per channel.
        #expect(NNTest.errorMessage { _ = try NNTest.run("GroupNormalization", opset: 21, [NNTest.attr("num_groups", 2)], inputs: [x, two, two]) } != nil)
        #expect(NNTest.errorMessage { _ = try NNTest.run("GroupNormalization", opset: 18, [NNTest.attr("num_groups", 2)], inputs: [x, two, two]) } == nil)
    }
}
