import OnnxFormat
import Testing
@testable import Runtime

@Suite struct NotTests {
    @Test(arguments: OpFixtures.cases("Logic/Not"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
