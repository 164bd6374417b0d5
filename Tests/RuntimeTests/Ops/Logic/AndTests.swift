import Testing
@testable import Runtime

@Suite struct AndTests {
    @Test(arguments: OpFixtures.cases("Logic/And"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
