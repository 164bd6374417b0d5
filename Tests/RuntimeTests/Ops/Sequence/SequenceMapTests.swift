import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SequenceMapTests {
    /// out = x + y, where y is a tensor (the same for each element) or a second sequence.
    func model(secondIsSequence: Bool) throws -> InferenceSession {
        let body = Flow.graph([Graphs.node("Add", ["x", "y"], ["z"]), Graphs.node("Shape", ["z"], ["shape"])],
                              inputs: [Flow.tensor("x"), Flow.tensor("y")], outputs: [Flow.tensor("z"), Flow.tensor("shape", .int64)])
        let node = Graphs.node("SequenceMap", ["xs", "ys"], ["zs", "shapes"], [Flow.graphAttr("body", body)])
        return try Flow.session([node], inputs: [Flow.sequence("xs"), secondIsSequence ? Flow.sequence("ys") : Flow.tensor("ys")],
                                outputs: [Flow.sequence("zs"), Flow.sequence("shapes", .int64)])
    }

    @Test func tensorAdditionalInput() throws {
        let out = try model(secondIsSequence: false).runValues(["xs": Flow.seq([Flow.floats([1]), Flow.floats([2, 3])]), "ys": Flow.floats([10])])
        #expect(out["zs"] == Flow.seq([Flow.floats([11]), Flow.floats([12, 13])]))
        #expect(out["shapes"] == Flow.seq([.tensor(Tensor(shape: [1], int64s: [1])), .tensor(Tensor(shape: [1], int64s: [2]))], .int64))
    }

    @Test func sequenceAdditionalInput() throws {
        let out = try model(secondIsSequence: true).runValues(["xs": Flow.seq([Flow.floats([1]), Flow.floats([2])]),
                                                               "ys": Flow.seq([Flow.floats([10]), Flow.floats([20])])])
        #expect(out["zs"] == Flow.seq([Flow.floats([11]), Flow.floats([22])]))
    }

    @Test func emptySequenceTakesBodyElementTypes() throws {
        let out = try model(secondIsSequence: false).runValues(["xs": Flow.seq([]), "ys": Flow.floats([10])])
        #expect(out["shapes"] == .sequence(elementType: .int64, []))
    }

    @Test func lengthsMustMatch() throws {
        let m = try model(secondIsSequence: true)
        #expect(throws: RuntimeError.self) {
            try m.runValues(["xs": Flow.seq([Flow.floats([1])]), "ys": Flow.seq([Flow.floats([1]), Flow.floats([2])])])
        }
    }
}
