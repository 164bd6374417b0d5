import OnnxFormat
import Testing
@testable import Runtime

@Suite struct MishTests {
    @Test(arguments: OpFixtures.cases("Activation/Mish"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
