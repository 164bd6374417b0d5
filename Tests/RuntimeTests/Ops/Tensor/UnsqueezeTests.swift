import OnnxFormat
import Testing
@testable import Runtime

@Suite struct UnsqueezeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Unsqueeze"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func axisOutOfRangeThrows() {
        let x = Tensor(shape: [2], floats: [1, 2])
        #expect(throws: RuntimeError.self) { try runNode("Unsqueeze", opset: 13, [x, Tensor(shape: [1], int64s: [2])]) }
    }
}
