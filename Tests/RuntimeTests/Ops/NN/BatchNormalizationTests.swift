import Testing
import OnnxFormat
@testable import Runtime

struct BatchNormalizationTests {
    @Test(arguments: NNFixtures.names("BatchNormalization")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func trainingModeUsesBatchStatisticsAndUpdatesRunningOnes() throws {
        // x = [1, 3] (N 2, C 1): batch mean 2, population variance 1. With epsilon 0,
        // y = (x - 2) / 1; running mean 0 * 0.9 + 2 * 0.1, running var 1 * 0.9 + 1 * 0.1.
        let x = NNTest.floats([2, 1], [1, 3])
        let p = { (v: Float) in NNTest.floats([1], [v]) }
        let out = try NNTest.run("BatchNormalization", opset: 15, [NNTest.attr("training_mode", 1), NNTest.attr("epsilon", Float(0))],
                                 inputs: [x, p(1), p(0), p(0), p(1)], outputs: 3)
        #expect(out.count == 3)
        #expect(out[0].floats == [-1, 1])
        #expect(abs((out[1].floats?[0] ?? 0) - 0.2) < 1e-6)
        #expect(abs((out[2].floats?[0] ?? 0) - 1) < 1e-6)
    }

    @Test func trainingOutputsBeforeOpset14AreAnError() {
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
