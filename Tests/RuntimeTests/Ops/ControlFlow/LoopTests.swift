import OnnxFormat
import Testing
@testable import Runtime

@Suite struct LoopTests {
    /// Carries `acc` (acc += x * i, x from the outer graph) and scans `acc` each iteration;
    /// cond_out = i < limit (limit from the outer graph).
    func model(withCond: Bool = true, withM: Bool = true) throws -> InferenceSession {
        let body = Flow.graph([
            Graphs.node("Cast", ["i"], ["fi"], [intAttr("to", Int(DataType.float.rawValue))]),
            Graphs.node("Mul", ["x", "fi"], ["xi"]),
            Graphs.node("Add", ["acc", "xi"], ["acc_out"]),
            Graphs.node("Less", ["i", "limit"], ["cond_out"]),
            Graphs.node("Identity", ["acc_out"], ["scan"]),
        ], inputs: [Flow.tensor("i", .int64, []), Flow.tensor("cond_in", .bool, []), Flow.tensor("acc", .float, [2])],
           outputs: [Flow.tensor("cond_out", .bool, []), Flow.tensor("acc_out", .float, [2]), Flow.tensor("scan", .float, [2])])
        let node = Graphs.node("Loop", [withM ? "M" : "", withCond ? "c" : "", "a0"], ["acc_final", "scans"], [Flow.graphAttr("body", body)])
        var inputs = [Flow.tensor("a0", .float, [2]), Flow.tensor("x", .float, [2]), Flow.tensor("limit", .int64, [])]
        if withM { inputs.append(Flow.tensor("M", .int64, [])) }
        if withCond { inputs.append(Flow.tensor("c", .bool, [])) }
        return try Flow.session([node], inputs: inputs, outputs: [Flow.tensor("acc_final"), Flow.tensor("scans")], opset: 13)
    }

    let x = Flow.floats([1, 10]), a0 = Flow.floats([0, 0])

    @Test func forLoopIgnoresBodyCondition() throws {
        let s = try model(withCond: false)
        let out = try s.runValues(["M": Flow.int(3), "a0": a0, "x": x, "limit": Flow.int(0)])
        // acc: 0, 1, 3 (times x)
        #expect(out["acc_final"] == Flow.floats([3, 30]))
        #expect(out["scans"] == Flow.floats([0, 0, 1, 10, 3, 30], [3, 2]))
    }

    @Test func whileLoopStopsOnCondition() throws {
        let s = try model(withM: false)
        // Runs i = 0, 1, 2: cond_out = i < 2 is false after i = 2.
        let out = try s.runValues(["c": Flow.bool(true), "a0": a0, "x": x, "limit": Flow.int(2)])
        #expect(out["acc_final"] == Flow.floats([3, 30]))
        #expect(out["scans"]?.tensor?.shape == [3, 2])
    }

    @Test func tripCountAndConditionTogether() throws {
        let s = try model()
        let out = try s.runValues(["M": Flow.int(10), "c": Flow.bool(true), "a0": a0, "x": x, "limit": Flow.int(1)])
        #expect(out["acc_final"] == Flow.floats([1, 10]))
    }

    @Test func zeroIterationsGiveInitialValuesAndEmptyScan() throws {
        let s = try model()
        let out = try s.runValues(["M": Flow.int(0), "c": Flow.bool(true), "a0": Flow.floats([4, 5]), "x": x, "limit": Flow.int(9)])
        #expect(out["acc_final"] == Flow.floats([4, 5]))
        #expect(out["scans"]?.tensor?.shape == [0, 2])
        let none = try s.runValues(["M": Flow.int(5), "c": Flow.bool(false), "a0": a0, "x": x, "limit": Flow.int(9)])
        #expect(none["acc_final"] == a0)
    }

    @Test func neitherTripCountNorConditionIsAnError() throws {
        let s = try model(withCond: false, withM: false)
        #expect(throws: RuntimeError.self) { try s.runValues(["a0": a0, "x": x, "limit": Flow.int(1)]) }
    }

    @Test func carriesSequences() throws {
        let body = Flow.graph([
            Graphs.node("Identity", ["cond_in"], ["cond_out"]),
            Graphs.node("Cast", ["i"], ["fi"], [intAttr("to", Int(DataType.float.rawValue))]),
            Graphs.node("SequenceInsert", ["seq", "fi"], ["seq_out"]),
        ], inputs: [Flow.tensor("i", .int64, []), Flow.tensor("cond_in", .bool, []), Flow.sequence("seq")],
           outputs: [Flow.tensor("cond_out", .bool, []), Flow.sequence("seq_out")])
        let nodes = [Graphs.node("SequenceEmpty", [], ["s0"]),
                     Graphs.node("Loop", ["M", "", "s0"], ["s"], [Flow.graphAttr("body", body)])]
        let s = try Flow.session(nodes, inputs: [Flow.tensor("M", .int64, [])], outputs: [Flow.sequence("s")], opset: 13)
        let out = try s.runValues(["M": Flow.int(3)])
        #expect(out["s"] == Flow.seq([0, 1, 2].map { .tensor(.scalar(Float($0))) }))
    }

    @Test func inferredTypes() throws {
        let s = try model()
        #expect(s.inferredTypes["acc_final"] == ValueType(.float, fixed: [2]))
        #expect(s.inferredTypes["scans"] == ValueType(.float, [.unknown, .fixed(2)]))
    }

    @Test func bodyArityIsChecked() {
        let body = Flow.graph([], inputs: [Flow.tensor("i", .int64, [])], outputs: [Flow.tensor("i")])
        let node = Graphs.node("Loop", ["M", ""], [], [Flow.graphAttr("body", body)])
        #expect(throws: RuntimeError.self) { try Flow.session([node], inputs: [Flow.tensor("M", .int64, [])], outputs: []) }
    }
}
