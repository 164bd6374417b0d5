import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SumTests {
    @Test(arguments: OpFixtures.cases("Math/Sum"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func unbroadcastableShapesThrow() {
        let a = Tensor(shape: [2], floats: [1, 2]), b = Tensor(shape: [3], floats: [1, 2, 3])
        #expect(throws: RuntimeError.self) { try runNode("Sum", [a, b]) }
    }
}
