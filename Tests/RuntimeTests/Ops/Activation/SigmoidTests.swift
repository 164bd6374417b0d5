import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SigmoidTests {
    @Test(arguments: OpFixtures.cases("Activation/Sigmoid"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
