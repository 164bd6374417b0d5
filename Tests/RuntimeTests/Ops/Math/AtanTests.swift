import OnnxFormat
import Testing
@testable import Runtime

@Suite struct AtanTests {
    @Test(arguments: OpFixtures.cases("Math/Atan"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
