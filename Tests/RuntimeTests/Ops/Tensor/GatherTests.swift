import OnnxFormat
import Testing
@testable import Runtime

@Suite struct GatherTests {
    @Test(arguments: OpFixtures.cases("Tensor/Gather"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test(arguments: [Int64(5), -6])
    func outOfRangeIndexThrows(_ i: Int64) {
        let x = Tensor(shape: [5], floats: [0, 1, 2, 3, 4])
        #expect(throws: RuntimeError.self) { try runNode("Gather", [x, Tensor(shape: [1], int64s: [i])]) }
    }

    @Test func badAxisThrows() {
        let x = Tensor(shape: [5], floats: [0, 1, 2, 3, 4])
        #expect(throws: RuntimeError.self) {
            try runNode("Gather", [x, Tensor(shape: [1], int64s: [0])], attributes: [intAttr("axis", 1)])
        }
    }

    @Test func floatIndicesThrow() {
        let x = Tensor(shape: [2], floats: [0, 1])
        #expect(throws: RuntimeError.self) { try runNode("Gather", [x, Tensor(shape: [1], floats: [0])]) }
    }
}
