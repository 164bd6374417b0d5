import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ConstantOfShapeTests {
    @Test(arguments: OpFixtures.cases("Generator/ConstantOfShape"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func negativeDimensionThrows() {
        #expect(throws: RuntimeError.self) { try runNode("ConstantOfShape", [Tensor(shape: [1], int64s: [-1])]) }
    }
}
