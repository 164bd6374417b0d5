import Testing
import OnnxFormat
@testable import Runtime

struct GemmTests {
    @Test(arguments: NNFixtures.names("Gemm")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func integersAndHalf() throws {
        let a = Tensor(uncheckedType: .int32, shape: [2, 2], storage: .int32([1, 2, 3, 4]))
        let b = Tensor(uncheckedType: .int32, shape: [2, 2], storage: .int32([5, 6, 7, 8]))
        let c = Tensor(uncheckedType: .int32, shape: [2], storage: .int32([1, -1]))
        let y = try NNTest.run("Gemm", opset: 13, inputs: [a, b, c])[0]
        #expect(y.dataType == .int32 && y.storage == .int32([20, 21, 44, 49]))
        let y2 = try NNTest.run("Gemm", opset: 13, [NNTest.attr("alpha", Float(2)), NNTest.attr("transB", 1)], inputs: [a, b])[0]
        #expect(y2.storage == .int32([34, 46, 78, 106]))
        let h = Cast.fromFloat(NNTest.floats([1, 2], [0.5, 2]), to: .float16)
        let hb = Cast.fromFloat(NNTest.floats([2, 1], [4, 0.25]), to: .float16)
        let yh = try NNTest.run("Gemm", opset: 13, inputs: [h, hb])[0]
        #expect(yh.dataType == .float16 && Cast.toFloat(yh).floats == [2.5])
    }

    @Test func shapeErrors() {
        let a = NNTest.floats([2, 3], .init(repeating: 1, count: 6))
        #expect(NNTest.errorMessage { _ = try NNTest.run("Gemm", opset: 13, inputs: [a, a]) }?.contains("inner dimensions") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("Gemm", opset: 13, [NNTest.attr("transB", 1)], inputs: [a, a, NNTest.floats([3], [1, 2, 3])]) }?.contains("broadcast") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.run("Gemm", opset: 13, inputs: [NNTest.floats([6], .init(repeating: 1, count: 6)), a]) }?.contains("matrices") == true)
    }
}
