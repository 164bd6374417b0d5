import Testing
@testable import Runtime

@Suite struct SliceTests {
    @Test(arguments: OpFixtures.cases("Tensor/Slice"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
