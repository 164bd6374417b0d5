import Testing
@testable import Runtime

@Suite struct TopKTests {
    @Test(arguments: OpFixtures.cases("Tensor/TopK"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
