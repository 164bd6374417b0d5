import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SoftplusTests {
    @Test(arguments: OpFixtures.cases("Activation/Softplus"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
