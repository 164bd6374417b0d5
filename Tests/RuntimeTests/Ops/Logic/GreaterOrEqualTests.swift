import OnnxFormat
import Testing
@testable import Runtime

@Suite struct GreaterOrEqualTests {
    @Test(arguments: OpFixtures.cases("Logic/GreaterOrEqual"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
