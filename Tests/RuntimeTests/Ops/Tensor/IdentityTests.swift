import OnnxFormat
import Testing
@testable import Runtime

@Suite struct IdentityTests {
    @Test(arguments: OpFixtures.cases("Tensor/Identity"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
