import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReluTests {
    @Test(arguments: OpFixtures.cases("Activation/Relu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
