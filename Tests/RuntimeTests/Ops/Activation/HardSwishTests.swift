import OnnxFormat
import Testing
@testable import Runtime

@Suite struct HardSwishTests {
    @Test(arguments: OpFixtures.cases("Activation/HardSwish"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
