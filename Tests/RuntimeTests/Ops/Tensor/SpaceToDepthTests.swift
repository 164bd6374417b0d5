import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SpaceToDepthTests {
    @Test(arguments: OpFixtures.cases("Tensor/SpaceToDepth"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
