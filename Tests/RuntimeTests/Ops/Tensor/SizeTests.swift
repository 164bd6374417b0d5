import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SizeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Size"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
