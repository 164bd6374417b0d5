import OnnxFormat
import Testing
@testable import Runtime

@Suite struct GreaterTests {
    @Test(arguments: OpFixtures.cases("Logic/Greater"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
