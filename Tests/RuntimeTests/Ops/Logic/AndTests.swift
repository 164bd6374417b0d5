import OnnxFormat
import Testing
@testable import Runtime

@Suite struct AndTests {
    @Test(arguments: OpFixtures.cases("Logic/And"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func nonBoolInputThrows() {
        let x = Tensor(shape: [1], floats: [1])
        #expect(throws: RuntimeError.self) { try runNode("And", [x, x]) }
    }
}
