import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ThresholdedReluTests {
    @Test(arguments: OpFixtures.cases("Activation/ThresholdedRelu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
