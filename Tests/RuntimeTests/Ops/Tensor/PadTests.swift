import Testing
@testable import Runtime

@Suite struct PadTests {
    @Test(arguments: OpFixtures.cases("Tensor/Pad"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
