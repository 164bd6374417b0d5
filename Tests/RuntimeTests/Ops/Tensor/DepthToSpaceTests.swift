import OnnxFormat
import Testing
@testable import Runtime

@Suite struct DepthToSpaceTests {
    @Test(arguments: OpFixtures.cases("Tensor/DepthToSpace"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
