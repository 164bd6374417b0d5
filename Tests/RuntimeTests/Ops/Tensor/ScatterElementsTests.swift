import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ScatterElementsTests {
    @Test(arguments: OpFixtures.cases("Tensor/ScatterElements"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
