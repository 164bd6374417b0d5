import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SplitTests {
    @Test(arguments: OpFixtures.cases("Tensor/Split"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func unevenSplitThrows() {
        let x = Tensor(shape: [5], floats: [1, 2, 3, 4, 5])
        #expect(throws: RuntimeError.self) { try runNode("Split", opset: 13, [x], outputs: 2) }
    }

    @Test func badSizesThrow() {
        let x = Tensor(shape: [5], floats: [1, 2, 3, 4, 5])
        #expect(throws: RuntimeError.self) { try runNode("Split", opset: 13, [x, Tensor(shape: [2], int64s: [2, 2])], outputs: 2) }
    }
}
