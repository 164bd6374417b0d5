import Testing
import OnnxFormat
@testable import Runtime

struct BatchNormalizationTests {
    @Test(arguments: NNFixtures.names("BatchNormalization")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func trainingModeIsAnErrorNamingTheAttribute() {
        let msg = NNTest.errorMessage { _ = try NNTest.make("BatchNormalization", opset: 15, inputs: 5, [NNTest.attr("training_mode", 1)]) }
        #expect(msg?.contains("training_mode") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.make("BatchNormalization", opset: 9, inputs: 5, outputs: 3) }?.contains("training") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.make("BatchNormalization", opset: 15, inputs: 5, [NNTest.attr("training_mode", 0)]) } == nil)
    }

    @Test func nonSpatialOpset7() throws {
        // spatial = 0: parameters per (channel, position); x [1, 1, 2], scale [1, 2] ...
        let x = NNTest.floats([1, 1, 2], [1, 2])
        let p = { (v: [Float]) in NNTest.floats([1, 2], v) }
        let y = try NNTest.run("BatchNormalization", opset: 7, [NNTest.attr("spatial", 0), NNTest.attr("epsilon", Float(0))],
                               inputs: [x, p([2, 3]), p([1, 1]), p([0, 1]), p([1, 4])])[0]
        #expect(y.floats == [3, 2.5])
    }

    @Test func wrongParameterSizeThrows() {
        let x = NNTest.floats([1, 2, 1], [1, 2])
        let p = NNTest.floats([3], [1, 1, 1])
        #expect(NNTest.errorMessage { _ = try NNTest.run("BatchNormalization", opset: 15, inputs: [x, p, p, p, p]) }?.contains("expected 2") == true)
    }
}
