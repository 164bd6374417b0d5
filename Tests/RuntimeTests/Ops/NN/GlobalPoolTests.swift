import Testing
import OnnxFormat
@testable import Runtime

/// GlobalAveragePool, GlobalMaxPool, GlobalLpPool.
struct GlobalPoolTests {
    @Test(arguments: NNFixtures.names("GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"))
    func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func rank3AndDouble() throws {
        let x = Tensor(uncheckedType: .double, shape: [1, 2, 2], storage: .double([1, 3, -1, -5]))
        let a = try NNTest.run("GlobalAveragePool", opset: 1, inputs: [x])[0]
        #expect(a.shape == [1, 2, 1] && a.doubles == [2, -3])
        let m = try NNTest.run("GlobalMaxPool", opset: 1, inputs: [x])[0]
        #expect(m.doubles == [3, -1])
        #expect(throws: RuntimeError.self) { try NNTest.run("GlobalMaxPool", opset: 1, inputs: [NNTest.floats([3], [1, 2, 3])]) }
    }
}
