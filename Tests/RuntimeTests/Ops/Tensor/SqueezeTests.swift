import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SqueezeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Squeeze"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func squeezingNonOneAxisThrows() {
        let x = Tensor(shape: [2, 1], floats: [1, 2])
        #expect(throws: RuntimeError.self) { try runNode("Squeeze", opset: 13, [x, Tensor(shape: [1], int64s: [0])]) }
    }
}
