import OnnxFormat
import Testing
@testable import Runtime

@Suite struct NegTests {
    @Test(arguments: OpFixtures.cases("Math/Neg"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
