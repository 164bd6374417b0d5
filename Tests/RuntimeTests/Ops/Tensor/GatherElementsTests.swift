import Testing
@testable import Runtime

@Suite struct GatherElementsTests {
    @Test(arguments: OpFixtures.cases("Tensor/GatherElements"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
