import OnnxFormat
import Testing
@testable import Runtime

@Suite struct GatherNDTests {
    @Test(arguments: OpFixtures.cases("Tensor/GatherND"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func outOfRangeIndexThrows() {
        let x = Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
        #expect(throws: RuntimeError.self) { try runNode("GatherND", [x, Tensor(shape: [1, 2], int64s: [0, 7])]) }
    }
}
