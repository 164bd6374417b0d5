import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SliceTests {
    @Test(arguments: OpFixtures.cases("Tensor/Slice"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func zeroStepThrows() {
        let x = Tensor(shape: [4], floats: [0, 1, 2, 3])
        let one = Tensor(shape: [1], int64s: [1]), zero = Tensor(shape: [1], int64s: [0])
        #expect(throws: RuntimeError.self) { try runNode("Slice", [x, zero, one, zero, zero]) }
    }

    /// Hand-computed: x[3:0:-1] = [3, 2, 1]; int64.min as end means "before the start".
    @Test func negativeStepWithMinEnd() throws {
        let x = Tensor(shape: [4], int64s: [0, 1, 2, 3])
        let y = try runNode("Slice", [x, Tensor(shape: [1], int64s: [-1]), Tensor(shape: [1], int64s: [Int64.min]),
                                      Tensor(shape: [1], int64s: [0]), Tensor(shape: [1], int64s: [-1])])
        #expect(y[0].int64s == [3, 2, 1, 0])
    }

    @Test func badAxisThrows() {
        let x = Tensor(shape: [4], floats: [0, 1, 2, 3])
        let one = Tensor(shape: [1], int64s: [1])
        #expect(throws: RuntimeError.self) { try runNode("Slice", [x, one, one, Tensor(shape: [1], int64s: [3])]) }
    }
}
