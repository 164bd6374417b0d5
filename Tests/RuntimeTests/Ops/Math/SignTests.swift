import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SignTests {
    @Test(arguments: OpFixtures.cases("Math/Sign"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
