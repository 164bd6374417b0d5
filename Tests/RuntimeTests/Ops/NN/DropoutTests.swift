import Testing
import OnnxFormat
@testable import Runtime

struct DropoutTests {
    @Test(arguments: NNFixtures.names("Dropout")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func identityAndMasks() throws {
        let x = NNTest.floats([2], [1, -2])
        #expect(try NNTest.run("Dropout", opset: 13, inputs: [x]) == [x])
        let old = try NNTest.run("Dropout", opset: 7, [NNTest.attr("ratio", Float(0.3))], inputs: [x], outputs: 2)
        #expect(old[0] == x && old[1].floats == [1, 1])
        let i = Tensor(shape: [2], int64s: [3, 4])
        #expect(try NNTest.run("Dropout", opset: 22, inputs: [i]) == [i])
    }

    @Test func trainingModeTrueIsAnErrorUnlessRatioIsZero() throws {
        let x = NNTest.floats([2], [1, -2])
        let on = Tensor(uncheckedType: .bool, shape: [], storage: .bool([true]))
        let off = Tensor(uncheckedType: .bool, shape: [], storage: .bool([false]))
        #expect(NNTest.errorMessage { _ = try NNTest.run("Dropout", opset: 13, inputs: [x, nil, on]) }?.contains("training_mode") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("Dropout", opset: 13, inputs: [x, nil, off]) } == nil)
        // Ratio 0 drops nothing, even in training.
        let zero = NNTest.floats([], [0])
        let r = try NNTest.run("Dropout", opset: 13, inputs: [x, zero, on], outputs: 2)
        #expect(r[0] == x && r[1].storage == .bool([true, true]))
        #expect(NNTest.errorMessage { _ = try NNTest.make("Dropout", opset: 7, [NNTest.attr("ratio", Float(1.5))]) }?.contains("ratio") == true)
    }

    @Test func trainingWithRatioZeroDropsNothing() throws {
        let x = NNTest.floats([2], [1, -2])
        let on = Tensor(uncheckedType: .bool, shape: [], storage: .bool([true]))
        let out = try NNTest.run("Dropout", opset: 13, inputs: [x, Tensor.scalar(Float(0)), on], outputs: 2)
        #expect(out[0] == x && out[1].storage == .bool([true, true]))
        let half = NNTest.errorMessage { _ = try NNTest.run("Dropout", opset: 13, inputs: [x, Tensor.scalar(Float(0.5)), on]) }
        #expect(half?.contains("random dropout") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("Dropout", opset: 13, inputs: [x, Tensor.scalar(Float(1)), on]) }?.contains("ratio") == true)
    }
}
