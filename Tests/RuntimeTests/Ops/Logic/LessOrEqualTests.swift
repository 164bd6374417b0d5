import OnnxFormat
import Testing
@testable import Runtime

@Suite struct LessOrEqualTests {
    @Test(arguments: OpFixtures.cases("Logic/LessOrEqual"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
