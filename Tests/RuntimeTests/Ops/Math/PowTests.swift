import OnnxFormat
import Testing
@testable import Runtime

@Suite struct PowTests {
    @Test(arguments: OpFixtures.cases("Math/Pow"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
