import Testing
import OnnxFormat
@testable import Runtime

struct InstanceNormalizationTests {
    @Test(arguments: NNFixtures.names("InstanceNormalization")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func handComputed() throws {
        // plane [1, 3]: mean 2, var 1 -> [-1, 1] / sqrt(1 + 0) * 2 + 1 = [-1, 3]
        let y = try NNTest.run("InstanceNormalization", opset: 6, [NNTest.attr("epsilon", Float(0))],
                               inputs: [NNTest.floats([1, 1, 2], [1, 3]), NNTest.floats([1], [2]), NNTest.floats([1], [1])])[0]
        #expect(y.floats == [-1, 3])
        #expect(throws: RuntimeError.self) {
            try NNTest.run("InstanceNormalization", opset: 6, inputs: [NNTest.floats([1, 2, 1], [1, 3]), NNTest.floats([1], [2]), NNTest.floats([1], [1])])
        }
    }
}
