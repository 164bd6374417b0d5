import Testing
@testable import Runtime

@Suite struct GatherNDTests {
    @Test(arguments: OpFixtures.cases("Tensor/GatherND"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
