import OnnxFormat
import Testing
@testable import Runtime

@Suite struct AcosTests {
    @Test(arguments: OpFixtures.cases("Math/Acos"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
