import OnnxFormat
import Testing
@testable import Runtime

@Suite struct FlattenTests {
    @Test(arguments: OpFixtures.cases("Tensor/Flatten"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
