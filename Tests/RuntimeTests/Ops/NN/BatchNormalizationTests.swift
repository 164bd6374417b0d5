import Testing
import OnnxFormat
@testable import Runtime

struct BatchNormalizationTests {
    @Test(arguments: NNFixtures.names("BatchNormalization")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func trainingOutputsNeedTrainingMode() {
        #expect(NNTest.errorMessage { _ = try NNTest.make("BatchNormalization", opset: 9, inputs: 5, outputs: 3) }?.contains("training") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.make("BatchNormalization", opset: 15, inputs: 5, outputs: 3) }?.contains("training") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.make("BatchNormalization", opset: 15, inputs: 5, outputs: 5, [NNTest.attr("training_mode", 1)]) } != nil)
        #expect(NNTest.errorMessage { _ = try NNTest.make("BatchNormalization", opset: 15, inputs: 5, [NNTest.attr("training_mode", 0)]) } == nil)
    }

    /// Expected values from onnx's reference (_batchnorm_training_mode, momentum 0.9, epsilon 1e-5).
    @Test func trainingModeUsesBatchStatistics() throws {
        let x = NNTest.floats([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])
        let p = { (v: [Float]) in NNTest.floats([2], v) }
        let out = try NNTest.run("BatchNormalization", opset: 15, [NNTest.attr("training_mode", 1)],
                                 inputs: [x, p([1, 2]), p([0, 1]), p([0, 1]), p([1, 2])], outputs: 3)
        #expect(out.count == 3)
        #expect(closeness(out[0].floats ?? [], [-1.2126768, -0.7276061, -1.4253535, -0.4552121, 0.7276061, 1.2126768, 2.4552121, 3.4253535]) <= 1)
        #expect(closeness(out[1].floats ?? [], [0.35, 1.45]) <= 1)
        #expect(closeness(out[2].floats ?? [], [1.325, 2.225]) <= 1)
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
