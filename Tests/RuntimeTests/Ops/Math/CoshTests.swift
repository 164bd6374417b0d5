import OnnxFormat
import Testing
@testable import Runtime

@Suite struct CoshTests {
    @Test(arguments: OpFixtures.cases("Math/Cosh"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
