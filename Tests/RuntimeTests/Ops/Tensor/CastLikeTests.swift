import OnnxFormat
import Testing
@testable import Runtime

@Suite struct CastLikeTests {
    @Test func takesTheTypeOfTheSecondInput() throws {
        let x = Tensor(shape: [3], floats: [1.7, -2.2, 3])
        let like = Tensor(shape: [0], int64s: [])
        let y = try runNode("CastLike", opset: 15, [x, like])
        #expect(y == [Tensor(shape: [3], int64s: [1, -2, 3])])
        let d = try runNode("CastLike", opset: 15, [Tensor(shape: [1], int64s: [5]), Tensor(shape: [], floats: [0])])
        #expect(d == [Tensor(shape: [1], floats: [5])])
    }

    @Test func sameTypePassesThrough() throws {
        let x = Tensor(shape: [2], floats: [1, 2])
        #expect(try runNode("CastLike", opset: 15, [x, x]) == [x])
    }

    @Test func missingInputThrows() {
        #expect(throws: RuntimeError.self) { try runNode("CastLike", opset: 15, [Tensor(shape: [1], floats: [1])]) }
    }

    @Test func inferredType() throws {
        let s = try Flow.session([Graphs.node("CastLike", ["x", "t"], ["y"])],
                                 inputs: [Flow.tensor("x", .float, [2, 3]), Flow.tensor("t", .double, [])],
                                 outputs: [Graphs.untyped("y")], opset: 15)
        #expect(s.inferredTypes["y"] == ValueType(.double, fixed: [2, 3]))
    }
}
