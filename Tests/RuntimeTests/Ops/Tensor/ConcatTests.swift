import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ConcatTests {
    @Test(arguments: OpFixtures.cases("Tensor/Concat"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func mismatchedShapesThrow() {
        let a = Tensor(shape: [2, 2], floats: [1, 2, 3, 4]), b = Tensor(shape: [3, 1], floats: [1, 2, 3])
        #expect(throws: RuntimeError.self) { try runNode("Concat", [a, b], attributes: [intAttr("axis", 0)]) }
    }

    @Test func mixedTypesThrow() {
        let a = Tensor(shape: [1], floats: [1]), b = Tensor(shape: [1], int64s: [1])
        #expect(throws: RuntimeError.self) { try runNode("Concat", [a, b], attributes: [intAttr("axis", 0)]) }
    }
}
