import OnnxFormat
import Testing
@testable import Runtime

@Suite struct AsinTests {
    @Test(arguments: OpFixtures.cases("Math/Asin"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
