import Testing
import OnnxFormat
@testable import Runtime

struct ConvTransposeTests {
    @Test(arguments: NNFixtures.names("ConvTranspose")) func matchesReference(_ name: String) throws { try NNFixtures.check(name) }

    @Test func handComputedStride2() throws {
        // 1-D: x = [1, 2], w = [1, 1, 1], stride 2 -> [1, 1, 1+2, 2, 2].
        let y = try NNTest.run("ConvTranspose", opset: 11, [NNTest.attr("strides", [2])],
                               inputs: [NNTest.floats([1, 1, 2], [1, 2]), NNTest.floats([1, 1, 3], [1, 1, 1])])[0]
        #expect(y.shape == [1, 1, 5] && y.floats == [1, 1, 3, 2, 2])
    }

    @Test func badShapesThrow() {
        let x = NNTest.floats([1, 2, 3, 3], .init(repeating: 1, count: 18))
        let w = NNTest.floats([3, 1, 2, 2], .init(repeating: 1, count: 12))
        #expect(NNTest.errorMessage { _ = try NNTest.run("ConvTranspose", opset: 11, inputs: [x, w]) }?.contains("channels") == true)
        let w2 = NNTest.floats([2, 1, 2, 2], .init(repeating: 1, count: 8))
        #expect(NNTest.errorMessage { _ = try NNTest.run("ConvTranspose", opset: 11, [NNTest.attr("output_padding", [-1, 0])], inputs: [x, w2]) }?.contains("output_padding") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("ConvTranspose", opset: 11, [NNTest.attr("group", 0)], inputs: [x, w2]) }?.contains("group") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("ConvTranspose", opset: 11, [NNTest.attr("pads", [5, 5, 5, 5])], inputs: [x, w2]) }?.contains("negative output") == true)
    }
}
