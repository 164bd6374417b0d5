import OnnxFormat
import Testing
@testable import Runtime

@Suite struct TopKTests {
    @Test(arguments: OpFixtures.cases("Tensor/TopK"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func kTooLargeThrows() {
        let x = Tensor(shape: [3], floats: [1, 2, 3])
        #expect(throws: RuntimeError.self) { try runNode("TopK", [x, Tensor(shape: [1], int64s: [4])], outputs: 2) }
    }
}
