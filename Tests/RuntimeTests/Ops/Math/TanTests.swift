import OnnxFormat
import Testing
@testable import Runtime

@Suite struct TanTests {
    @Test(arguments: OpFixtures.cases("Math/Tan"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
