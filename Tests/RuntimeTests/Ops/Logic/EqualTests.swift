import OnnxFormat
import Testing
@testable import Runtime

@Suite struct EqualTests {
    @Test(arguments: OpFixtures.cases("Logic/Equal"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
