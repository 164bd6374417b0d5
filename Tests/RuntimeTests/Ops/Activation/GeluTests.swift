import OnnxFormat
import Testing
@testable import Runtime

@Suite struct GeluTests {
    @Test(arguments: OpFixtures.cases("Activation/Gelu"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func unknownApproximationThrows() {
        #expect(throws: RuntimeError.self) {
            try runNode("Gelu", opset: 20, [Tensor(shape: [1], floats: [1])], attributes: [stringAttr("approximate", "fast")])
        }
    }
}
