import OnnxFormat
import Testing
@testable import Runtime

@Suite struct IfTests {
    /// then: x + y (y read from the outer graph); else: x - y.
    func model(opset: Int = 17) throws -> InferenceSession {
        let thenG = Flow.graph([Graphs.node("Add", ["x", "y"], ["t"])], inputs: [], outputs: [Flow.tensor("t")], name: "then")
        let elseG = Flow.graph([Graphs.node("Sub", ["x", "y"], ["e"])], inputs: [], outputs: [Flow.tensor("e")], name: "else")
        let node = Graphs.node("If", ["c"], ["z"], [Flow.graphAttr("then_branch", thenG), Flow.graphAttr("else_branch", elseG)])
        return try Flow.session([node], inputs: [Flow.tensor("c", .bool, []), Flow.tensor("x", .float, [2]), Flow.tensor("y", .float, [2])],
                                outputs: [Flow.tensor("z", .float, [2])], opset: opset)
    }

    @Test func branchesReadOuterScope() throws {
        let s = try model()
        let x = Flow.floats([5, 7]), y = Flow.floats([1, 2])
        #expect(try s.runValues(["c": Flow.bool(true), "x": x, "y": y])["z"] == Flow.floats([6, 9]))
        #expect(try s.runValues(["c": Flow.bool(false), "x": x, "y": y])["z"] == Flow.floats([4, 5]))
    }

    @Test func inferredTypeFromBranches() throws {
        #expect(try model().inferredTypes["z"] == ValueType(.float, fixed: [2]))
    }

    @Test func conditionMustHaveOneElement() throws {
        let s = try model()
        let c = Value.tensor(Tensor(uncheckedType: .bool, shape: [2], storage: .bool([true, false])))
        #expect(throws: RuntimeError.self) { try s.runValues(["c": c, "x": Flow.floats([1, 2]), "y": Flow.floats([1, 2])]) }
    }

    @Test func sequenceOutput() throws {
        let thenG = Flow.graph([Graphs.node("SequenceConstruct", ["x", "x"], ["s"])], inputs: [], outputs: [Flow.sequence("s")])
        let elseG = Flow.graph([Graphs.node("SequenceEmpty", [], ["s2"])], inputs: [], outputs: [Flow.sequence("s2")])
        let node = Graphs.node("If", ["c"], ["z"], [Flow.graphAttr("then_branch", thenG), Flow.graphAttr("else_branch", elseG)])
        let s = try Flow.session([node], inputs: [Flow.tensor("c", .bool, []), Flow.tensor("x", .float, [1])], outputs: [Flow.sequence("z")])
        let x = Flow.floats([3])
        #expect(try s.runValues(["c": Flow.bool(true), "x": x])["z"] == Flow.seq([x, x]))
        #expect(try s.runValues(["c": Flow.bool(false), "x": x])["z"] == Flow.seq([]))
    }

    @Test func branchOutputCountMustMatch() {
        let thenG = Flow.graph([], inputs: [], outputs: [Flow.tensor("x"), Flow.tensor("x")])
        let elseG = Flow.graph([], inputs: [], outputs: [Flow.tensor("x")])
        let node = Graphs.node("If", ["c"], ["z"], [Flow.graphAttr("then_branch", thenG), Flow.graphAttr("else_branch", elseG)])
        #expect(throws: RuntimeError.self) {
            try Flow.session([node], inputs: [Flow.tensor("c", .bool, []), Flow.tensor("x", .float, [1])], outputs: [Flow.tensor("z")])
        }
    }
}
