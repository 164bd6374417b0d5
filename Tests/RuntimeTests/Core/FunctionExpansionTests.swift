import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// Model-local functions inlined at load time.
@Suite struct FunctionExpansionTests {
    static func floatAttr(_ name: String, _ v: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name; a.type = .float; a.f = v
        return a
    }

    static func refAttr(_ name: String, refersTo: String, type: Onnx_AttributeProto.AttributeType) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name; a.type = type; a.refAttrName = refersTo
        return a
    }

    static func function(_ name: String, inputs: [String], outputs: [String], nodes: [Onnx_NodeProto],
                         attributes: [String] = [], defaults: [Onnx_AttributeProto] = []) -> Onnx_FunctionProto {
        var f = Onnx_FunctionProto()
        f.name = name; f.domain = "local"
        f.input = inputs; f.output = outputs; f.node = nodes
        f.attribute = attributes; f.attributeProto = defaults
        var o = Onnx_OperatorSetIdProto(); o.version = 17
        f.opsetImport = [o]
        return f
    }

    /// local.AddScaled(a, b) = a + b * alpha, alpha an attribute defaulting to 2; a second
    /// output (b * alpha) that callers may omit.
    static let addScaled = function("AddScaled", inputs: ["a", "b"], outputs: ["y", "t"], nodes: [
        Graphs.node("Constant", [], ["alpha"], [refAttr("value_float", refersTo: "alpha", type: .float)]),
        Graphs.node("Mul", ["b", "alpha"], ["t"]),
        Graphs.node("Add", ["a", "t"], ["y"]),
    ], defaults: [floatAttr("alpha", 2)])

    static func call(_ f: String, _ ins: [String], _ outs: [String], _ attrs: [Onnx_AttributeProto] = []) -> Onnx_NodeProto {
        var n = Graphs.node(f, ins, outs, attrs)
        n.domain = "local"
        return n
    }

    static func model(_ nodes: [Onnx_NodeProto], functions: [Onnx_FunctionProto], outputs: [String]) -> Onnx_ModelProto {
        var m = Graphs.model(nodes, inputs: [Flow.tensor("x", .float, [2]), Flow.tensor("z", .float, [2])],
                             outputs: outputs.map(Graphs.untyped))
        var o = Onnx_OperatorSetIdProto(); o.domain = "local"; o.version = 1
        m.opsetImport.append(o)
        m.functions = functions
        return m
    }

    let feeds = ["x": Tensor(shape: [2], floats: [1, 2]), "z": Tensor(shape: [2], floats: [10, 20])]

    @Test func attributeGivenOrDefaultAndUniqueNames() throws {
        // Two calls: internal names ("alpha", "t") must not clash.
        let m = Self.model([Self.call("AddScaled", ["x", "z"], ["p"], [Self.floatAttr("alpha", 3)]),
                            Self.call("AddScaled", ["x", "z"], ["q", "r"])],
                           functions: [Self.addScaled], outputs: ["p", "q", "r"])
        let out = try InferenceSession(model: m).run(feeds)
        #expect(out["p"] == Tensor(shape: [2], floats: [31, 62]))
        #expect(out["q"] == Tensor(shape: [2], floats: [21, 42]))
        #expect(out["r"] == Tensor(shape: [2], floats: [20, 40]))
    }

    @Test func nestedCalls() throws {
        // local.Twice(u, v) = AddScaled(AddScaled(u, v), v), passing its own attribute on.
        let twice = Self.function("Twice", inputs: ["u", "v"], outputs: ["w"], nodes: [
            Self.call("AddScaled", ["u", "v"], ["m"], [Self.refAttr("alpha", refersTo: "k", type: .float)]),
            Self.call("AddScaled", ["m", "v"], ["w"], [Self.refAttr("alpha", refersTo: "k", type: .float)]),
        ], attributes: ["k"])
        let m = Self.model([Self.call("Twice", ["x", "z"], ["y"], [Self.floatAttr("k", 0.5)])],
                           functions: [Self.addScaled, twice], outputs: ["y"])
        #expect(try InferenceSession(model: m).run(feeds)["y"] == Tensor(shape: [2], floats: [11, 22]))
    }

    @Test func callsInsideSubgraphs() throws {
        let thenG = Flow.graph([Self.call("AddScaled", ["x", "z"], ["t1"])], inputs: [], outputs: [Graphs.untyped("t1")])
        let elseG = Flow.graph([Graphs.node("Identity", ["x"], ["e1"])], inputs: [], outputs: [Graphs.untyped("e1")])
        let nodes = [Graphs.node("Constant", [], ["c"], [{ var a = Onnx_AttributeProto(); a.name = "value"; a.type = .tensor
                                                           a.t = Tensor(uncheckedType: .bool, shape: [], storage: .bool([true])).toProto(name: "c"); return a }()]),
                     Graphs.node("If", ["c"], ["y"], [Flow.graphAttr("then_branch", thenG), Flow.graphAttr("else_branch", elseG)])]
        let m = Self.model(nodes, functions: [Self.addScaled], outputs: ["y"])
        #expect(try InferenceSession(model: m).run(feeds)["y"] == Tensor(shape: [2], floats: [21, 42]))
    }

    @Test func unsupportedOpsAreReportedAfterExpansion() {
        let f = Self.function("Odd", inputs: ["a"], outputs: ["b"], nodes: [Graphs.node("NoSuchOp", ["a"], ["b"])])
        let m = Self.model([Self.call("Odd", ["x"], ["y"])], functions: [f], outputs: ["y"])
        let error = Graphs.loadError(m)
        #expect(error.contains("NoSuchOp"), "\(error)")
        #expect(!error.contains("local.Odd"), "\(error)")
    }

    @Test func recursionIsAnError() {
        let f = Self.function("Loopy", inputs: ["a"], outputs: ["b"], nodes: [Self.call("Loopy", ["a"], ["b"])])
        let m = Self.model([Self.call("Loopy", ["x"], ["y"])], functions: [f], outputs: ["y"])
        #expect(Graphs.loadError(m).contains("deeper than 64"))
    }

    @Test func tooManyInputsIsAnError() {
        let m = Self.model([Self.call("AddScaled", ["x", "z", "x"], ["y"])], functions: [Self.addScaled], outputs: ["y"])
        #expect(Graphs.loadError(m).contains("takes 2"))
    }
}
