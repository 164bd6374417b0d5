import OnnxFormat
import Testing
@testable import Runtime

@Suite struct HardSigmoidTests {
    @Test(arguments: OpFixtures.cases("Activation/HardSigmoid"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
