import OnnxFormat
import Testing
@testable import Runtime

/// Optional, OptionalHasElement, OptionalGetElement, and their opset 15 / 18 differences.
@Suite struct OptionalOpsTests {
    let x = Flow.floats([1, 2])

    func typeAttr() -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = "type"; a.type = .typeProto
        a.tp.tensorType.elemType = DataType.float.rawValue
        return a
    }

    @Test func optionalWrapsOrIsEmpty() throws {
        #expect(try Flow.run("Optional", opset: 15, [x]) == [.optional(x)])
        #expect(try Flow.run("Optional", opset: 15, [], attributes: [typeAttr()]) == [.optional(nil)])
        #expect(throws: RuntimeError.self) { try Flow.run("Optional", opset: 15, []) }
    }

    @Test func hasElement() throws {
        #expect(try Flow.run("OptionalHasElement", opset: 15, [.optional(x)]) == [Flow.bool(true)])
        #expect(try Flow.run("OptionalHasElement", opset: 15, [.optional(nil)]) == [Flow.bool(false)])
        #expect(try Flow.run("OptionalHasElement", opset: 18, [x]) == [Flow.bool(true)])
        #expect(try Flow.run("OptionalHasElement", opset: 18, [nil]) == [Flow.bool(false)])
        #expect(throws: RuntimeError.self) { try Flow.run("OptionalHasElement", opset: 15, [x]) }
        #expect(throws: RuntimeError.self) { try Flow.run("OptionalHasElement", opset: 15, [nil]) }
    }

    @Test func getElement() throws {
        let s = Flow.seq([x])
        #expect(try Flow.run("OptionalGetElement", opset: 15, [.optional(x)]) == [x])
        #expect(try Flow.run("OptionalGetElement", opset: 15, [.optional(s)]) == [s])
        #expect(try Flow.run("OptionalGetElement", opset: 18, [s]) == [s])
        #expect(throws: RuntimeError.self) { try Flow.run("OptionalGetElement", opset: 18, [.optional(nil)]) }
        #expect(throws: RuntimeError.self) { try Flow.run("OptionalGetElement", opset: 15, [x]) }
    }

    @Test func roundTripInAGraph() throws {
        let nodes = [Graphs.node("Optional", ["x"], ["o"]), Graphs.node("OptionalHasElement", ["o"], ["has"]),
                     Graphs.node("OptionalGetElement", ["o"], ["y"])]
        let s = try Flow.session(nodes, inputs: [Flow.tensor("x", .float, [2])],
                                 outputs: [Flow.tensor("has", .bool, []), Flow.tensor("y", .float, [2])], opset: 18)
        let out = try s.runValues(["x": x])
        #expect(out["has"] == Flow.bool(true))
        #expect(out["y"] == x)
    }
}
