import Testing
@testable import Runtime

@Suite struct ModTests {
    @Test(arguments: OpFixtures.cases("Math/Mod"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
