import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ExpandTests {
    @Test(arguments: OpFixtures.cases("Tensor/Expand"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func incompatibleShapeThrows() {
        let x = Tensor(shape: [3], floats: [1, 2, 3])
        #expect(throws: RuntimeError.self) { try runNode("Expand", [x, Tensor(shape: [1], int64s: [2])]) }
    }
}
