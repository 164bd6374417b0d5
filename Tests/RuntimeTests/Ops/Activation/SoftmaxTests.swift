import Testing
@testable import Runtime

@Suite struct SoftmaxTests {
    @Test(arguments: OpFixtures.cases("Activation/Softmax"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
