import OnnxFormat
import Testing
@testable import Runtime

/// SequenceEmpty, SequenceConstruct, SequenceInsert, SequenceAt, SequenceErase,
/// SequenceLength: small direct cases and their errors.
@Suite struct SequenceOpsTests {
    let a = Flow.floats([1]), b = Flow.floats([2]), c = Flow.floats([3])

    @Test func empty() throws {
        #expect(try Flow.run("SequenceEmpty", []) == [.sequence(elementType: .float, [])])
        let ints = try Flow.run("SequenceEmpty", [], attributes: [intAttr("dtype", Int(DataType.int64.rawValue))])
        #expect(ints == [.sequence(elementType: .int64, [])])
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceEmpty", [], attributes: [intAttr("dtype", 999)]) }
    }

    @Test func construct() throws {
        #expect(try Flow.run("SequenceConstruct", [a, b]) == [Flow.seq([a, b])])
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceConstruct", [a, Flow.int(1)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceConstruct", []) }
    }

    @Test func insert() throws {
        let s = Flow.seq([a, b])
        #expect(try Flow.run("SequenceInsert", [s, c]) == [Flow.seq([a, b, c])])
        #expect(try Flow.run("SequenceInsert", [s, c, Flow.int(0)]) == [Flow.seq([c, a, b])])
        #expect(try Flow.run("SequenceInsert", [s, c, Flow.int(-1)]) == [Flow.seq([a, c, b])])
        #expect(try Flow.run("SequenceInsert", [s, c, Flow.int(2)]) == [Flow.seq([a, b, c])])
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceInsert", [s, c, Flow.int(3)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceInsert", [s, c, Flow.int(-3)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceInsert", [s, Flow.int(1)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceInsert", [a, c]) }
    }

    @Test func at() throws {
        let s = Flow.seq([a, b, c])
        #expect(try Flow.run("SequenceAt", [s, Flow.int(1)]) == [b])
        #expect(try Flow.run("SequenceAt", [s, Flow.int(-1)]) == [c])
        let i32 = Value.tensor(Tensor(uncheckedType: .int32, shape: [], storage: .int32([0])))
        #expect(try Flow.run("SequenceAt", [s, i32]) == [a])
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceAt", [s, Flow.int(3)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceAt", [s, Flow.int(-4)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceAt", [s, Flow.floats([0])]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceAt", [Flow.seq([]), Flow.int(0)]) }
    }

    @Test func erase() throws {
        let s = Flow.seq([a, b, c])
        #expect(try Flow.run("SequenceErase", [s]) == [Flow.seq([a, b])])
        #expect(try Flow.run("SequenceErase", [s, Flow.int(0)]) == [Flow.seq([b, c])])
        #expect(try Flow.run("SequenceErase", [s, Flow.int(-2)]) == [Flow.seq([a, c])])
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceErase", [s, Flow.int(3)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceErase", [Flow.seq([])]) }
    }

    @Test func length() throws {
        #expect(try Flow.run("SequenceLength", [Flow.seq([a, b, c])]) == [Flow.int(3)])
        #expect(try Flow.run("SequenceLength", [Flow.seq([])]) == [Flow.int(0)])
        #expect(throws: RuntimeError.self) { try Flow.run("SequenceLength", [a]) }
    }

    @Test func inAGraph() throws {
        let nodes = [Graphs.node("SequenceConstruct", ["x", "x"], ["s"]),
                     Graphs.node("SequenceInsert", ["s", "x"], ["s2"]),
                     Graphs.node("SequenceLength", ["s2"], ["n"])]
        let s = try Flow.session(nodes, inputs: [Flow.tensor("x", .float, [2])], outputs: [Flow.tensor("n", .int64, [])])
        #expect(try s.run(["x": Tensor(shape: [2], floats: [1, 2])])["n"] == .scalar(Int64(3)))
        #expect(s.inferredTypes["n"] == ValueType(.int64, fixed: []))
    }
}
