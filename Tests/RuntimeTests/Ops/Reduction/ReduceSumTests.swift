import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceSumTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceSum"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func repeatedAxisThrows() {
        let x = Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
        #expect(throws: RuntimeError.self) { try runNode("ReduceSum", opset: 13, [x, Tensor(shape: [2], int64s: [0, -2])]) }
    }

    /// An empty reduction gives the identity: sum 0 (hand-computed).
    @Test func emptyAxisSumsToZero() throws {
        let x = Tensor(shape: [0, 2], floats: [])
        let y = try runNode("ReduceSum", opset: 13, [x, Tensor(shape: [1], int64s: [0])])
        #expect(y[0].shape == [1, 2])
        #expect(y[0].floats == [0, 0])
    }
}
