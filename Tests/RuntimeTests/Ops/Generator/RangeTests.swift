import Testing
@testable import Runtime

@Suite struct RangeTests {
    @Test(arguments: OpFixtures.cases("Generator/Range"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
