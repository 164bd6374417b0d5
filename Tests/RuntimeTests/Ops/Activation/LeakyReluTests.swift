import OnnxFormat
import Testing
@testable import Runtime

@Suite struct LeakyReluTests {
    @Test(arguments: OpFixtures.cases("Activation/LeakyRelu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
