import Testing
@testable import Runtime

@Suite struct ReduceSumTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceSum"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
