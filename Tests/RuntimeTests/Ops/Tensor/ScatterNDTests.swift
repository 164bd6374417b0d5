import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ScatterNDTests {
    @Test(arguments: OpFixtures.cases("Tensor/ScatterND"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func outOfRangeIndexThrows() {
        let x = Tensor(shape: [2], floats: [1, 2])
        #expect(throws: RuntimeError.self) {
            try runNode("ScatterND", [x, Tensor(shape: [1, 1], int64s: [2]), Tensor(shape: [1], floats: [9])])
        }
    }
}
