import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ExpTests {
    @Test(arguments: OpFixtures.cases("Math/Exp"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
