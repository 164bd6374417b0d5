import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ArgMinTests {
    @Test(arguments: OpFixtures.cases("Reduction/ArgMin"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
