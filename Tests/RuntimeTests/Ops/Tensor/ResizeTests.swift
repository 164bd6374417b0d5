import Testing
@testable import Runtime

@Suite struct ResizeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Resize"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
