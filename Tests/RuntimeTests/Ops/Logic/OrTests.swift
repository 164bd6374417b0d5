import OnnxFormat
import Testing
@testable import Runtime

@Suite struct OrTests {
    @Test(arguments: OpFixtures.cases("Logic/Or"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
