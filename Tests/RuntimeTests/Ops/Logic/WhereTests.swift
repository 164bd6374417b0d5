import Testing
@testable import Runtime

@Suite struct WhereTests {
    @Test(arguments: OpFixtures.cases("Logic/Where"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
