import Testing
@testable import Runtime

@Suite struct ConcatTests {
    @Test(arguments: OpFixtures.cases("Tensor/Concat"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
