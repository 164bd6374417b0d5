import Testing
@testable import Runtime

@Suite struct SqueezeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Squeeze"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
