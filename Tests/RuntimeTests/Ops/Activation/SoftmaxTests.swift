import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SoftmaxTests {
    @Test(arguments: OpFixtures.cases("Activation/Softmax"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func axisOutOfRangeThrows() {
        let x = Tensor(shape: [2], floats: [1, 2])
        #expect(throws: RuntimeError.self) { try runNode("Softmax", opset: 13, [x], attributes: [intAttr("axis", 1)]) }
    }

    @Test func integerInputThrows() {
        #expect(throws: RuntimeError.self) { try runNode("Softmax", opset: 13, [Tensor(shape: [2], int64s: [1, 2])]) }
    }
}
