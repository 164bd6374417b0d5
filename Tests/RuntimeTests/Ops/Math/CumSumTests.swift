import Testing
@testable import Runtime

@Suite struct CumSumTests {
    @Test(arguments: OpFixtures.cases("Math/CumSum"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
