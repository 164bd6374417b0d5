import Testing
@testable import Runtime

@Suite struct SumTests {
    @Test(arguments: OpFixtures.cases("Math/Sum"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
