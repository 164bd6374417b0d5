import OnnxFormat
import Testing
@testable import Runtime

@Suite struct CeluTests {
    @Test(arguments: OpFixtures.cases("Activation/Celu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
