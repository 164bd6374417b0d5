import Testing
@testable import Runtime

@Suite struct TransposeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Transpose"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
