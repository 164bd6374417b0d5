import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ShapeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Shape"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
