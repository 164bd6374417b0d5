import OnnxFormat
import Testing
@testable import Runtime

@Suite struct CosTests {
    @Test(arguments: OpFixtures.cases("Math/Cos"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
