import OnnxFormat
import Testing
@testable import Runtime

@Suite struct WhereTests {
    @Test(arguments: OpFixtures.cases("Logic/Where"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func nonBoolConditionThrows() {
        let x = Tensor(shape: [1], floats: [1])
        #expect(throws: RuntimeError.self) { try runNode("Where", [x, x, x]) }
    }
}
