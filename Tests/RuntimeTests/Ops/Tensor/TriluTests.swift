import OnnxFormat
import Testing
@testable import Runtime

@Suite struct TriluTests {
    @Test(arguments: OpFixtures.cases("Tensor/Trilu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
