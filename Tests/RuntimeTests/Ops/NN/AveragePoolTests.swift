import Testing
import OnnxFormat
@testable import Runtime

struct AveragePoolTests {
    @Test(arguments: NNFixtures.names("AveragePool")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func countIncludePadIgnoredBeforeOpset7() throws {
        let x = NNTest.floats([1, 1, 2], [2, 4])
        let attrs = [NNTest.attr("kernel_shape", [2]), NNTest.attr("pads", [1, 0]), NNTest.attr("count_include_pad", 1)]
        #expect(try NNTest.run("AveragePool", opset: 7, attrs, inputs: [x])[0].floats == [1, 3])
        #expect(try NNTest.run("AveragePool", opset: 1, attrs, inputs: [x])[0].floats == [2, 3])
    }

    @Test func intInputIsRejected() {
        let x = Tensor(uncheckedType: .int8, shape: [1, 1, 2], storage: .int8([1, 2]))
        #expect(NNTest.errorMessage { _ = try NNTest.run("AveragePool", opset: 11, [NNTest.attr("kernel_shape", [2])], inputs: [x]) }?.contains("int8") == true)
    }
}
