import OnnxFormat
import Testing
@testable import Runtime

@Suite struct HardmaxTests {
    @Test(arguments: OpFixtures.cases("Activation/Hardmax"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
