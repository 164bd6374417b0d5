import Testing
import OnnxFormat
@testable import Runtime

struct LpPoolTests {
    @Test(arguments: NNFixtures.names("LpPool")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func opset1FloatP() throws {
        var p = NNTest.attr("p", Float(1)); p.type = .float
        let y = try NNTest.run("LpPool", opset: 1, [NNTest.attr("kernel_shape", [2]), p], inputs: [NNTest.floats([1, 1, 3], [1, -2, 3])])[0]
        #expect(y.floats == [3, 5])
        #expect(NNTest.errorMessage { _ = try NNTest.make("LpPool", opset: 18, [NNTest.attr("kernel_shape", [2]), NNTest.attr("p", 0)]) }?.contains("'p'") == true)
    }
}
