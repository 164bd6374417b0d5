import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ErfTests {
    @Test(arguments: OpFixtures.cases("Math/Erf"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
