import Testing
@testable import Runtime

@Suite struct ConstantOfShapeTests {
    @Test(arguments: OpFixtures.cases("Generator/ConstantOfShape"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
