import Testing
@testable import Runtime

@Suite struct GeluTests {
    @Test(arguments: OpFixtures.cases("Activation/Gelu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
