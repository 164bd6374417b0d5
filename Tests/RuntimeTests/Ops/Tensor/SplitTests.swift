import Testing
@testable import Runtime

@Suite struct SplitTests {
    @Test(arguments: OpFixtures.cases("Tensor/Split"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
