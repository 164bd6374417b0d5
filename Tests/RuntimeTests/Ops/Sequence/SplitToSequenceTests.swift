import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SplitToSequenceTests {
    let x = Flow.floats([1, 2, 3, 4, 5, 6], [3, 2])

    @Test func defaultSplitsIntoOnes() throws {
        #expect(try Flow.run("SplitToSequence", [x]) ==
                [Flow.seq([Flow.floats([1, 2], [1, 2]), Flow.floats([3, 4], [1, 2]), Flow.floats([5, 6], [1, 2])])])
    }

    @Test func keepdimsZeroSqueezes() throws {
        let out = try Flow.run("SplitToSequence", [x], attributes: [intAttr("axis", 1), intAttr("keepdims", 0)])
        #expect(out == [Flow.seq([Flow.floats([1, 3, 5], [3]), Flow.floats([2, 4, 6], [3])])])
    }

    @Test func scalarSplitLeavesSmallerLastPart() throws {
        let out = try Flow.run("SplitToSequence", [x, Flow.int(2)])
        #expect(out == [Flow.seq([Flow.floats([1, 2, 3, 4], [2, 2]), Flow.floats([5, 6], [1, 2])])])
    }

    @Test func listSplitIgnoresKeepdims() throws {
        let split = Value.tensor(Tensor(shape: [2], int64s: [1, 2]))
        let out = try Flow.run("SplitToSequence", [x, split], attributes: [intAttr("keepdims", 0)])
        #expect(out == [Flow.seq([Flow.floats([1, 2], [1, 2]), Flow.floats([3, 4, 5, 6], [2, 2])])])
    }

    @Test func badSplitsThrow() {
        #expect(throws: RuntimeError.self) { try Flow.run("SplitToSequence", [x, .tensor(Tensor(shape: [2], int64s: [1, 1]))]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SplitToSequence", [x, Flow.int(0)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SplitToSequence", [x], attributes: [intAttr("axis", 2)]) }
    }
}
