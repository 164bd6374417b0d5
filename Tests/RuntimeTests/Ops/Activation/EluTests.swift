import OnnxFormat
import Testing
@testable import Runtime

@Suite struct EluTests {
    @Test(arguments: OpFixtures.cases("Activation/Elu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
