import Testing
@testable import Runtime

@Suite struct GatherTests {
    @Test(arguments: OpFixtures.cases("Tensor/Gather"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
