import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SoftsignTests {
    @Test(arguments: OpFixtures.cases("Activation/Softsign"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
