import Testing
@testable import Runtime

@Suite struct RoundTests {
    @Test(arguments: OpFixtures.cases("Math/Round"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
