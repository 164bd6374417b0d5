import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ArgMaxTests {
    @Test(arguments: OpFixtures.cases("Reduction/ArgMax"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func emptyAxisThrows() {
        #expect(throws: RuntimeError.self) { try runNode("ArgMax", [Tensor(shape: [0], floats: [])]) }
    }
}
