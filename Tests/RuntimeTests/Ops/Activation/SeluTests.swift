import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SeluTests {
    @Test(arguments: OpFixtures.cases("Activation/Selu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
