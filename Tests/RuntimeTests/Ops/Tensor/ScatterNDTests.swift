import Testing
@testable import Runtime

@Suite struct ScatterNDTests {
    @Test(arguments: OpFixtures.cases("Tensor/ScatterND"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
