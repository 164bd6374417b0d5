import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SinhTests {
    @Test(arguments: OpFixtures.cases("Math/Sinh"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
