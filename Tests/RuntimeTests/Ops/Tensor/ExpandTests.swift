import Testing
@testable import Runtime

@Suite struct ExpandTests {
    @Test(arguments: OpFixtures.cases("Tensor/Expand"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
