import OnnxFormat
import Testing
@testable import Runtime

@Suite struct GatherElementsTests {
    @Test(arguments: OpFixtures.cases("Tensor/GatherElements"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func outOfRangeIndexThrows() {
        let x = Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
        #expect(throws: RuntimeError.self) { try runNode("GatherElements", [x, Tensor(shape: [1, 2], int64s: [0, 2])]) }
    }
}
