import OnnxFormat
import Testing
@testable import Runtime

@Suite struct PReluTests {
    @Test(arguments: OpFixtures.cases("Activation/PRelu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
