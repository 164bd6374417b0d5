import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ConcatFromSequenceTests {
    let s = Flow.seq([Flow.floats([1, 2], [1, 2]), Flow.floats([3, 4], [1, 2])])

    @Test func concatenates() throws {
        #expect(try Flow.run("ConcatFromSequence", [s], attributes: [intAttr("axis", 0)]) == [Flow.floats([1, 2, 3, 4], [2, 2])])
        #expect(try Flow.run("ConcatFromSequence", [s], attributes: [intAttr("axis", -1)]) == [Flow.floats([1, 2, 3, 4], [1, 4])])
    }

    @Test func stacksWithNewAxis() throws {
        let out = try Flow.run("ConcatFromSequence", [s], attributes: [intAttr("axis", 2), intAttr("new_axis", 1)])
        #expect(out == [Flow.floats([1, 3, 2, 4], [1, 2, 2])])
        let front = try Flow.run("ConcatFromSequence", [s], attributes: [intAttr("axis", -3), intAttr("new_axis", 1)])
        #expect(front == [Flow.floats([1, 2, 3, 4], [2, 1, 2])])
    }

    @Test func errors() {
        #expect(throws: RuntimeError.self) { try Flow.run("ConcatFromSequence", [s]) }   // axis is required
        #expect(throws: RuntimeError.self) { try Flow.run("ConcatFromSequence", [Flow.seq([])], attributes: [intAttr("axis", 0)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("ConcatFromSequence", [s], attributes: [intAttr("axis", 2)]) }
        let mixed = Flow.seq([Flow.floats([1], [1, 1]), Flow.floats([1, 2], [1, 2])])
        #expect(throws: RuntimeError.self) { try Flow.run("ConcatFromSequence", [mixed], attributes: [intAttr("axis", 0)]) }
    }
}
