import Testing
@testable import Runtime

@Suite struct UnsqueezeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Unsqueeze"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
