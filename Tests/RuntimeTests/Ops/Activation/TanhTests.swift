import OnnxFormat
import Testing
@testable import Runtime

@Suite struct TanhTests {
    @Test(arguments: OpFixtures.cases("Activation/Tanh"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
