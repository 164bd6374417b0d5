import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// Small graphs built by hand, for static type and shape inference.
enum Graphs {
    typealias Dim = ValueType.Dim

    static func value(_ name: String, _ type: DataType? = .float, _ dims: [Dim]?) -> Onnx_ValueInfoProto {
        var v = Onnx_ValueInfoProto()
        v.name = name
        if let type { v.type.tensorType.elemType = type.rawValue }
        if let dims {
            v.type.tensorType.shape.dim = dims.map { d in
                var p = Onnx_TensorShapeProto.Dimension()
                switch d {
                case .fixed(let n): p.dimValue = Int64(n)
                case .symbol(let s): p.dimParam = s
                case .unknown: break
                }
                return p
            }
        } else {
            v.type.tensorType = Onnx_TypeProto.Tensor()
            if let type { v.type.tensorType.elemType = type.rawValue }
        }
        return v
    }

    /// An output declared with no type at all.
    static func untyped(_ name: String) -> Onnx_ValueInfoProto {
        var v = Onnx_ValueInfoProto()
        v.name = name
        return v
    }

    static func node(_ op: String, _ ins: [String], _ outs: [String], _ attrs: [Onnx_AttributeProto] = [], name: String = "") -> Onnx_NodeProto {
        var n = Onnx_NodeProto()
        n.opType = op
        n.input = ins
        n.output = outs
        n.attribute = attrs
        n.name = name
        return n
    }

    static func model(_ nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [Onnx_ValueInfoProto],
                      initializers: [String: Tensor] = [:], valueInfo: [Onnx_ValueInfoProto] = [], opset: Int = 17) -> Onnx_ModelProto {
        var m = Onnx_ModelProto()
        m.irVersion = 8
        var o = Onnx_OperatorSetIdProto()
        o.version = Int64(opset)
        m.opsetImport = [o]
        m.graph.name = "g"
        m.graph.node = nodes
        m.graph.input = inputs
        m.graph.output = outputs
        m.graph.valueInfo = valueInfo
        m.graph.initializer = initializers.sorted { $0.key < $1.key }.map { $0.value.toProto(name: $0.key) }
        return m
    }

    /// The graph as written (no optimiser): these tests read the inferred type of every
    /// intermediate value, and the optimiser may fuse some of them away.
    static func session(_ nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [String],
                        initializers: [String: Tensor] = [:], opset: Int = 17) throws -> InferenceSession {
        try InferenceSession(model: model(nodes, inputs: inputs, outputs: outputs.map(untyped), initializers: initializers, opset: opset),
                             options: SessionOptions(optimize: false))
    }

    static func ints(_ v: [Int]) -> Tensor { Tensor(shape: [v.count], int64s: v.map(Int64.init)) }

    /// The load-time error of a model, or "" if it loads.
    static func loadError(_ m: Onnx_ModelProto) -> String {
        do { _ = try InferenceSession(model: m); return "" } catch { return "\(error)" }
    }
}

@Suite struct ShapeInferenceTests {
    typealias Dim = ValueType.Dim
    let batch = Dim.symbol("batch")
    func f(_ d: Int...) -> [Dim] { d.map { .fixed($0) } }

    @Test func broadcastingRules() throws {
        let b = batch
        #expect(try ShapeInference.broadcast([b, .fixed(1), .fixed(4)], f(3, 1)) == [b, .fixed(3), .fixed(4)])
        #expect(try ShapeInference.broadcast([b], [.symbol("n")]) == [.unknown])
        #expect(try ShapeInference.broadcast([b], [b]) == [b])
        #expect(try ShapeInference.broadcast([.unknown], f(5)) == f(5))
        #expect(try ShapeInference.broadcast([.unknown], f(1)) == [.unknown])
        #expect(try ShapeInference.broadcast([], [b]) == [b])
        #expect(throws: RuntimeError.self) { try ShapeInference.broadcast(f(1, 3), f(1, 4)) }
    }

    @Test func symbolicBatchFlowsThroughAChain() throws {
        let nodes = [
            Graphs.node("Relu", ["x"], ["r"]),
            Graphs.node("Flatten", ["r"], ["fl"]),
            Graphs.node("Reshape", ["r", "shape"], ["rs"]),
            Graphs.node("Add", ["rs", "bias"], ["a"]),
            Graphs.node("Softmax", ["a"], ["sm"]),
            Graphs.node("Transpose", ["x"], ["t"], [intsAttr("perm", [0, 2, 3, 1])]),
            Graphs.node("ReduceMean", ["x"], ["m"], [intsAttr("axes", [2, 3])]),
            Graphs.node("Cast", ["m"], ["c"], [intAttr("to", 7)]),
            Graphs.node("Shape", ["x"], ["sh"]),
            Graphs.node("ArgMax", ["sm"], ["am"], [intAttr("axis", 1), intAttr("keepdims", 0)]),
        ]
        let s = try Graphs.session(nodes, inputs: [Graphs.value("x", .float, [batch] + f(3, 4, 4))],
                                   outputs: ["fl", "sm", "t", "c", "sh", "am"],
                                   initializers: ["shape": Graphs.ints([0, -1]), "bias": Tensor(shape: [48], floats: .init(repeating: 0, count: 48))])
        let t = s.inferredTypes
        #expect(t["fl"] == ValueType(.float, [batch, .fixed(48)]))
        #expect(t["rs"] == ValueType(.float, [batch, .fixed(48)]))
        #expect(t["sm"] == ValueType(.float, [batch, .fixed(48)]))
        #expect(t["t"] == ValueType(.float, [batch] + f(4, 4, 3)))
        #expect(t["c"] == ValueType(.int64, [batch] + f(3, 1, 1)))
        #expect(t["sh"] == ValueType(.int64, fixed: [4]))
        #expect(t["am"] == ValueType(.int64, [batch]))
        #expect(t["x"]?.description == "float[batch,3,4,4]")

        // Running with batch 2 gives the inferred shapes with batch = 2.
        let out = try s.run(["x": Tensor(shape: [2, 3, 4, 4], floats: (0..<96).map(Float.init))])
        for (name, v) in out {
            let want = try #require(t[name]?.shape).map { $0 == batch ? 2 : $0.value }
            #expect(v.shape == want.compactMap { $0 }, "\(name)")
        }
    }

    @Test func tensorOpsWithConstantInputs() throws {
        let nodes = [
            Graphs.node("Unsqueeze", ["x", "ax0"], ["u"]),                      // [1,batch,6]
            Graphs.node("Squeeze", ["u", "ax0"], ["sq"]),                       // [batch,6]
            Graphs.node("Slice", ["x", "st", "en", "ax1"], ["sl"]),             // [batch,4]
            Graphs.node("Slice", ["x", "z", "big", "ax0"], ["whole"]),          // [batch,6]
            Graphs.node("Split", ["x", "parts"], ["p0", "p1"], [intAttr("axis", 1)]),
            Graphs.node("Concat", ["p1", "p0", "x"], ["cat"], [intAttr("axis", 1)]),
            Graphs.node("Gather", ["x", "idx"], ["g"], [intAttr("axis", 1)]),   // [batch,2,2]
            Graphs.node("Expand", ["one", "eshape"], ["e"]),                    // [3,6]
            Graphs.node("Pad", ["x", "pads"], ["pd"]),                          // [batch,9]
            Graphs.node("Where", ["cond", "x", "one"], ["w"]),                  // [batch,6]
            Graphs.node("ConstantOfShape", ["eshape"], ["cs"]),
            Graphs.node("Tile", ["x", "reps"], ["tl"]),                         // [batch,12]
            Graphs.node("TopK", ["x", "k"], ["tv", "ti"]),                      // [batch,2]
            Graphs.node("Identity", ["x"], ["id"]),
            Graphs.node("Equal", ["x", "one"], ["eq"]),
        ]
        let inits: [String: Tensor] = [
            "ax0": Graphs.ints([0]), "ax1": Graphs.ints([1]), "st": Graphs.ints([1]), "en": Graphs.ints([-1]),
            "z": Graphs.ints([0]), "big": Graphs.ints([Int(Int64.max)]), "parts": Graphs.ints([2, 4]),
            "idx": Tensor(shape: [2, 2], int64s: [0, 1, 2, 3]), "one": Tensor(shape: [1], floats: [1]),
            "eshape": Graphs.ints([3, 6]), "pads": Graphs.ints([0, 1, 0, 2]), "reps": Graphs.ints([1, 2]), "k": Graphs.ints([2]),
        ]
        let s = try Graphs.session(nodes, inputs: [Graphs.value("x", .float, [batch, .fixed(6)]), Graphs.value("cond", .bool, [batch, .fixed(1)])],
                                   outputs: ["sq", "sl", "whole", "cat", "g", "e", "pd", "w", "cs", "tl", "tv", "ti", "id", "eq"],
                                   initializers: inits)
        let t = s.inferredTypes
        #expect(t["u"] == ValueType(.float, [.fixed(1), batch, .fixed(6)]))
        #expect(t["sq"] == ValueType(.float, [batch, .fixed(6)]))
        #expect(t["sl"] == ValueType(.float, [batch, .fixed(4)]))
        #expect(t["whole"] == ValueType(.float, [batch, .fixed(6)]))
        #expect(t["p0"] == ValueType(.float, [batch, .fixed(2)]))
        #expect(t["p1"] == ValueType(.float, [batch, .fixed(4)]))
        #expect(t["cat"] == ValueType(.float, [batch, .fixed(12)]))
        #expect(t["g"] == ValueType(.float, [batch, .fixed(2), .fixed(2)]))
        #expect(t["e"] == ValueType(.float, fixed: [3, 6]))
        #expect(t["pd"] == ValueType(.float, [batch, .fixed(9)]))
        #expect(t["w"] == ValueType(.float, [batch, .fixed(6)]))
        #expect(t["cs"] == ValueType(.float, fixed: [3, 6]))
        #expect(t["tl"] == ValueType(.float, [batch, .fixed(12)]))
        #expect(t["tv"] == ValueType(.float, [batch, .fixed(2)]))
        #expect(t["ti"] == ValueType(.int64, [batch, .fixed(2)]))
        #expect(t["id"] == ValueType(.float, [batch, .fixed(6)]))
        #expect(t["eq"] == ValueType(.bool, [batch, .fixed(6)]))

        let out = try s.run(["x": Tensor(shape: [3, 6], floats: (0..<18).map(Float.init)),
                             "cond": Tensor(uncheckedType: .bool, shape: [3, 1], storage: .bool([true, false, true]))])
        for (name, v) in out {
            let want = try #require(t[name]?.shape).map { $0 == batch ? 3 : $0.value }
            #expect(v.shape == want.compactMap { $0 }, "\(name)")
        }
    }

    @Test func runtimeShapesStayUnknownNeverWrong() throws {
        // Shape -> Reshape: the target is computed at run time, so only the rank is known.
        let nodes = [
            Graphs.node("Shape", ["y"], ["s"]),
            Graphs.node("Reshape", ["x", "s"], ["r"]),
            Graphs.node("Range", ["zero", "n", "one"], ["rg"]),
            Graphs.node("Squeeze", ["x"], ["sq"]),
            Graphs.node("NonZero", ["x"], ["nz"]),
        ]
        let m = Graphs.model(nodes, inputs: [Graphs.value("x", .float, [batch, .fixed(6)]), Graphs.value("y", .float, [.fixed(2), .unknown, .fixed(3)]),
                                             Graphs.value("n", .int64, [])],
                             outputs: ["r", "rg", "sq", "nz"].map(Graphs.untyped),
                             initializers: ["zero": .scalar(Int64(0)), "one": .scalar(Int64(1))])
        let t = try InferenceSession(model: m).inferredTypes
        #expect(t["r"] == ValueType(.float, [.unknown, .unknown, .unknown]))
        #expect(t["rg"] == ValueType(.int64, [.unknown]))
        #expect(t["sq"] == ValueType(.float, nil))
        #expect(t["nz"] == ValueType(.int64, [.fixed(2), .unknown]))
    }

    @Test func inconsistentGraphsFailAtLoadNamingTheNode() {
        let x13 = Graphs.value("a", .float, f(1, 3)), x14 = Graphs.value("b", .float, f(1, 4))
        var e = Graphs.loadError(Graphs.model([Graphs.node("Add", ["a", "b"], ["y"], name: "add1")], inputs: [x13, x14], outputs: [Graphs.untyped("y")]))
        #expect(e.contains("node 'add1' (Add)") && e.contains("[1,3]") && e.contains("[1,4]"), "\(e)")

        e = Graphs.loadError(Graphs.model([Graphs.node("Concat", ["a", "c"], ["y"], [intAttr("axis", 1)], name: "cat")],
                                          inputs: [x13, Graphs.value("c", .float, f(2, 3))], outputs: [Graphs.untyped("y")]))
        #expect(e.contains("node 'cat' (Concat)") && e.contains("[1,3]") && e.contains("[2,3]"), "\(e)")

        e = Graphs.loadError(Graphs.model([Graphs.node("Add", ["a", "i"], ["y"], name: "mixed")],
                                          inputs: [x13, Graphs.value("i", .int64, f(1, 3))], outputs: [Graphs.untyped("y")]))
        #expect(e.contains("node 'mixed' (Add)") && e.contains("types differ"), "\(e)")

        e = Graphs.loadError(Graphs.model([Graphs.node("Reshape", ["a", "s"], ["y"], name: "rs")], inputs: [x13],
                                          outputs: [Graphs.untyped("y")], initializers: ["s": Graphs.ints([2, 2])]))
        #expect(e.contains("node 'rs' (Reshape)") && e.contains("cannot reshape"), "\(e)")

        // Bad axes are errors, never traps.
        for (op, attrs) in [("Transpose", [intsAttr("perm", [0, 0])]), ("Gather", [intAttr("axis", 5)]),
                            ("Softmax", []), ("Flatten", [intAttr("axis", -7)]), ("ArgMax", [intAttr("axis", 2)]),
                            ("Split", [intAttr("axis", -3)]), ("Concat", [intAttr("axis", 9)]), ("ReduceSum", [intsAttr("axes", [4])])] {
            let ins = op == "Gather" ? ["a", "k"] : op == "ReduceSum" ? ["a", "r"] : ["a"]
            let m = Graphs.model([Graphs.node(op, ins, ["y"], attrs, name: "bad")], inputs: [x13], outputs: [Graphs.untyped("y")],
                                 initializers: ["k": Graphs.ints([0]), "r": Graphs.ints([4])], opset: op == "ReduceSum" ? 11 : 17)
            let e = Graphs.loadError(m)
            if op == "Softmax" { #expect(e == ""); continue }
            #expect(e.contains("node 'bad' (\(op))"), "\(op): \(e)")
        }
    }

    @Test func declaredOutputTypesAreChecked() {
        let x = Graphs.value("x", .float, [batch, .fixed(4)])
        func load(_ declared: Onnx_ValueInfoProto, valueInfo: [Onnx_ValueInfoProto] = []) -> String {
            Graphs.loadError(Graphs.model([Graphs.node("Relu", ["x"], ["h"], name: "relu"), Graphs.node("Neg", ["h"], ["y"], name: "neg")],
                                          inputs: [x], outputs: [declared], valueInfo: valueInfo))
        }
        #expect(load(Graphs.value("y", .float, [batch, .fixed(4)])) == "")
        #expect(load(Graphs.value("y", .float, [.symbol("N"), .fixed(4)])) == "")   // symbol vs symbol
        #expect(load(Graphs.value("y", .float, [.fixed(8), .fixed(4)])) == "")      // fixed vs symbol
        #expect(load(Graphs.value("y", .float, [.unknown, .unknown])) == "")
        var e = load(Graphs.value("y", .float, [batch, .fixed(5)]))
        #expect(e.contains("graph output 'y'") && e.contains("float[batch,5]") && e.contains("float[batch,4]") && e.contains("node 'neg'"), "\(e)")
        e = load(Graphs.value("y", .double, [batch, .fixed(4)]))
        #expect(e.contains("graph output 'y'") && e.contains("double"), "\(e)")
        e = load(Graphs.value("y", .float, [batch]))
        #expect(e.contains("graph output 'y'"), "\(e)")
        e = load(Graphs.value("y", .float, nil), valueInfo: [Graphs.value("h", .float, [batch, .fixed(3)])])
        #expect(e.contains("value 'h'") && e.contains("node 'relu'"), "\(e)")
    }

    @Test func negativeDeclaredSizesMeanUnknown() throws {
        var x = Graphs.value("x", .float, [.unknown, .fixed(3)])
        x.type.tensorType.shape.dim[0].dimValue = -1
        var y = Graphs.value("y", .float, [.unknown, .fixed(3)])
        y.type.tensorType.shape.dim[0].dimValue = -1
        let s = try InferenceSession(model: Graphs.model([Graphs.node("Relu", ["x"], ["y"])], inputs: [x], outputs: [y]))
        #expect(s.inferredTypes["y"] == ValueType(.float, [.unknown, .fixed(3)]))
        #expect(try s.run(["x": Tensor(shape: [2, 3], floats: .init(repeating: 1, count: 6))])["y"]?.shape == [2, 3])
    }

    @Test func declaredValueInfoFillsWhatInferenceCannotTell() throws {
        // Reshape to a run-time shape: unknown, until value_info says [batch,2,2].
        let m = Graphs.model([Graphs.node("Shape", ["s"], ["sh"]), Graphs.node("Reshape", ["x", "sh"], ["r"]), Graphs.node("Relu", ["r"], ["y"])],
                             inputs: [Graphs.value("x", .float, [batch, .fixed(4)]), Graphs.value("s", .float, [batch, .fixed(2), .fixed(2)])],
                             outputs: [Graphs.untyped("y")], valueInfo: [Graphs.value("r", .float, [batch, .fixed(2), .fixed(2)])])
        let s = try InferenceSession(model: m)
        #expect(s.inferredTypes["y"] == ValueType(.float, [batch, .fixed(2), .fixed(2)]))
    }

    @Test func reshapeCancelsSymbols() throws {
        let b = batch
        #expect(try Reshape.inferShape([0, -1], input: [b] + f(512, 1, 1), allowZero: false) == [b, .fixed(512)])
        #expect(try Reshape.inferShape([-1, 512], input: [b] + f(512, 1, 1), allowZero: false) == [b, .fixed(512)])
        #expect(try Reshape.inferShape([-1, 3], input: [b, .fixed(6)], allowZero: false) == [.unknown, .fixed(3)])
        #expect(try Reshape.inferShape([2, -1], input: [b, .fixed(6)], allowZero: false) == [.fixed(2), .unknown])
        #expect(try Reshape.inferShape([0, 2, -1], input: [b, .fixed(6)], allowZero: false) == [b, .fixed(2), .fixed(3)])
        #expect(try Reshape.inferShape([-1], input: [b, .unknown], allowZero: false) == [.unknown])
        #expect(try Reshape.inferShape([3, -1], input: nil, allowZero: false) == [.fixed(3), .unknown])
        #expect(throws: RuntimeError.self) { try Reshape.inferShape([-1, -1], input: [b], allowZero: false) }
        #expect(throws: RuntimeError.self) { try Reshape.inferShape([0, 0], input: [b], allowZero: false) }
    }

    @Test func resizeAndSplitWithoutKnownSizes() throws {
        let nodes = [
            Graphs.node("Resize", ["x", "", "scales"], ["up"], [stringAttr("mode", "nearest")]),
            Graphs.node("Resize", ["x", "", "", "sizes"], ["to"]),
            Graphs.node("Split", ["x"], ["a", "b"], [intAttr("axis", 1)]),
            Graphs.node("DepthToSpace", ["x"], ["d2s"], [intAttr("blocksize", 2)]),
        ]
        let s = try Graphs.session(nodes, inputs: [Graphs.value("x", .float, [batch, .fixed(4), .symbol("h"), .fixed(5)])],
                                   outputs: ["up", "to", "a", "b", "d2s"],
                                   initializers: ["scales": Tensor(shape: [4], floats: [1, 1, 2, 2]), "sizes": Graphs.ints([1, 4, 7, 9])])
        let t = s.inferredTypes
        #expect(t["up"] == ValueType(.float, [batch, .fixed(4), .unknown, .fixed(10)]))
        #expect(t["to"] == ValueType(.float, fixed: [1, 4, 7, 9]))
        #expect(t["a"] == ValueType(.float, [batch, .fixed(2), .symbol("h"), .fixed(5)]))
        #expect(t["d2s"] == ValueType(.float, [batch, .fixed(1), .unknown, .fixed(10)]))
    }
}

/// Every single-node fixture under Fixtures/ops: each output shape that inference knows
/// must equal the shape onnx's reference evaluator produced.
@Suite struct ShapeInferenceFixtureTests {
    static let cases: [String] = {
        let fm = FileManager.default
        var all: [String] = []
        for family in ((try? fm.contentsOfDirectory(atPath: OpFixtures.root.path)) ?? []).sorted() {
            for op in ((try? fm.contentsOfDirectory(atPath: OpFixtures.root.appendingPathComponent(family).path)) ?? []).sorted() {
                all += OpFixtures.cases("\(family)/\(op)")
            }
        }
        return all.filter { fm.fileExists(atPath: OpFixtures.root.appendingPathComponent($0).appendingPathComponent("model.onnx").path) }
    }()

    /// Checks `got` against the expected tensor; true when the shape was fully known.
    @discardableResult
    static func check(_ got: ValueType?, _ want: Tensor, _ what: String) -> Bool {
        guard let got else { return false }
        if let t = got.dataType { #expect(t == want.dataType, "\(what): type \(t), expected \(want.dataType)") }
        guard let s = got.shape else { return false }
        #expect(s.count == want.rank, "\(what): inferred \(got), expected \(want.shape)")
        guard s.count == want.rank else { return false }
        for (d, n) in zip(s, want.shape) {
            if let v = d.value { #expect(v == n, "\(what): inferred \(got), expected \(want.shape)") }
        }
        return got.fixedShape != nil
    }

    @Test(arguments: cases)
    func inferredShapesMatchTheReference(_ name: String) throws {
        let folder = OpFixtures.root.appendingPathComponent(name)
        let data = folder.appendingPathComponent("test_data_set_0")
        let model = try ModelFile.load(folder.appendingPathComponent("model.onnx").path)
        var given: [String: Tensor] = [:]
        var k = 0
        while let p = try? OpFixtures.load(data.appendingPathComponent("input_\(k).pb")) {
            given[p.name] = try Tensor(proto: p)
            k += 1
        }
        var expected: [Tensor] = []
        while let p = try? OpFixtures.load(data.appendingPathComponent("output_\(expected.count).pb")) {
            expected.append(try Tensor(proto: p))
        }

        // 1. Through the session, from the declared input types.
        let session = try InferenceSession(model: model)
        for (i, o) in model.graph.output.enumerated() where i < expected.count {
            Self.check(session.inferredTypes[o.name], expected[i], "\(name) session output \(i)")
        }

        // 2. Straight on the operator, with every input but one (then none, then all) constant.
        let proto = try #require(model.graph.node.first)
        let opset = Int(model.opsetImport.first?.version ?? 1)
        let info = NodeInfo(proto: proto, opset: opset, index: 0)
        let factory = try #require(OperatorRegistry.factory(domain: proto.domain, opType: proto.opType))
        let op = try factory(info)
        let inferring = try #require(op as? any ShapeInferring, "\(proto.opType) has no shape inference")
        let types = proto.input.map { given[$0].map(ValueType.init(of:)) }
        let values = proto.input.map { given[$0] }
        for hidden in [-2, -1] + Array(values.indices) {
            let constants = values.indices.map { i in hidden == -2 || i == hidden ? nil : values[i] }
            let outs = try inferring.inferTypes(types, constants: constants)
            var known = 0
            for (i, want) in expected.enumerated() where Self.check(outs.at(i), want, "\(name) direct (hidden \(hidden)) output \(i)") {
                known += 1
            }
            // With every input constant, everything about the outputs is known.
            if hidden == -1, !["Range", "NonZero"].contains(proto.opType) {
                #expect(known == expected.count, "\(name): all inputs constant, yet only \(known) of \(expected.count) outputs inferred")
            }
        }
    }
}

/// NN ops: a small CNN with a symbolic batch, symbolic spatial sizes, channel and matrix
/// mismatches, and every case of Fixtures/nn/nn_cases.json as an oracle.
@Suite struct NNShapeInferenceTests {
    typealias Dim = ValueType.Dim
    let batch = Dim.symbol("batch")

    static func weights(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, floats: (0..<Tensor.elementCount(shape)).map { Float($0 % 7) * 0.1 - 0.3 })
    }

    @Test func cnnKeepsTheBatchSymbol() throws {
        let nodes = [
            Graphs.node("Conv", ["x", "w1", "b1"], ["c1"], [intsAttr("pads", [1, 1, 1, 1])], name: "conv1"),
            Graphs.node("BatchNormalization", ["c1", "s", "bb", "mean", "var"], ["bn"]),
            Graphs.node("Relu", ["bn"], ["r"]),
            Graphs.node("MaxPool", ["r"], ["p"], [intsAttr("kernel_shape", [2, 2]), intsAttr("strides", [2, 2])]),
            Graphs.node("Conv", ["p", "w2"], ["c2"], [intsAttr("strides", [2, 2]), intsAttr("kernel_shape", [3, 3])]),
            Graphs.node("AveragePool", ["c2"], ["ap"], [intsAttr("kernel_shape", [2, 2]), intAttr("ceil_mode", 1), intsAttr("strides", [2, 2])]),
            Graphs.node("GlobalAveragePool", ["c2"], ["g"]),
            Graphs.node("Flatten", ["g"], ["f"]),
            Graphs.node("Gemm", ["f", "fc", "fcb"], ["y"], [intAttr("transB", 1)]),
            Graphs.node("MatMul", ["f", "fcT"], ["mm"]),
            Graphs.node("Dropout", ["y"], ["d", "mask"]),
            Graphs.node("LayerNormalization", ["y", "ln"], ["l", "lm", "lv"]),
            Graphs.node("ConvTranspose", ["c2", "wt"], ["ct"], [intsAttr("strides", [2, 2])]),
        ]
        let inits: [String: Tensor] = [
            "w1": Self.weights([8, 3, 3, 3]), "b1": Self.weights([8]), "s": Self.weights([8]), "bb": Self.weights([8]),
            "mean": Self.weights([8]), "var": Tensor(shape: [8], floats: .init(repeating: 1, count: 8)),
            "w2": Self.weights([16, 8, 3, 3]), "fc": Self.weights([10, 16]), "fcb": Self.weights([10]), "fcT": Self.weights([16, 10]),
            "ln": Self.weights([10]), "wt": Self.weights([16, 4, 2, 2]),
        ]
        let s = try Graphs.session(nodes, inputs: [Graphs.value("x", .float, [batch, .fixed(3), .fixed(16), .fixed(16)])],
                                   outputs: ["y", "ap", "mm", "d", "mask", "l", "lm", "ct"], initializers: inits)
        let t = s.inferredTypes
        #expect(t["c1"] == ValueType(.float, [batch, .fixed(8), .fixed(16), .fixed(16)]))
        #expect(t["p"] == ValueType(.float, [batch, .fixed(8), .fixed(8), .fixed(8)]))
        #expect(t["c2"] == ValueType(.float, [batch, .fixed(16), .fixed(3), .fixed(3)]))
        #expect(t["ap"] == ValueType(.float, [batch, .fixed(16), .fixed(2), .fixed(2)]))   // ceil_mode
        #expect(t["g"] == ValueType(.float, [batch, .fixed(16), .fixed(1), .fixed(1)]))
        #expect(t["y"] == ValueType(.float, [batch, .fixed(10)]))
        #expect(t["mm"] == ValueType(.float, [batch, .fixed(10)]))
        #expect(t["mask"] == ValueType(.bool, [batch, .fixed(10)]))
        #expect(t["lm"] == ValueType(.float, [batch, .fixed(1)]))
        #expect(t["ct"] == ValueType(.float, [batch, .fixed(4), .fixed(6), .fixed(6)]))

        let out = try s.run(["x": Self.weights([2, 3, 16, 16])])
        for (name, v) in out {
            let want = try #require(t[name]?.shape).map { $0 == batch ? 2 : $0.value }
            #expect(v.shape == want.compactMap { $0 }, "\(name)")
        }
    }

    @Test func symbolicSpatialSizes() throws {
        let h = Dim.symbol("h"), w = Dim.symbol("w")
        let nodes = [
            Graphs.node("Conv", ["x", "w1"], ["same"], [intsAttr("pads", [1, 1, 1, 1])]),
            Graphs.node("Conv", ["x", "w1"], ["auto"], [stringAttr("auto_pad", "SAME_UPPER")]),
            Graphs.node("Conv", ["x", "w1"], ["strided"], [intsAttr("strides", [2, 2]), intsAttr("pads", [1, 1, 1, 1])]),
            Graphs.node("Conv", ["x", "w1"], ["valid"]),
            Graphs.node("MaxPool", ["x"], ["mp"], [intsAttr("kernel_shape", [3, 3]), intsAttr("pads", [1, 1, 1, 1])]),
        ]
        let s = try Graphs.session(nodes, inputs: [Graphs.value("x", .float, [batch, .fixed(3), h, w])],
                                   outputs: ["same", "auto", "strided", "valid", "mp"], initializers: ["w1": Self.weights([8, 3, 3, 3])])
        let t = s.inferredTypes
        #expect(t["same"] == ValueType(.float, [batch, .fixed(8), h, w]))
        #expect(t["auto"] == ValueType(.float, [batch, .fixed(8), h, w]))
        #expect(t["strided"] == ValueType(.float, [batch, .fixed(8), .unknown, .unknown]))
        #expect(t["valid"] == ValueType(.float, [batch, .fixed(8), .unknown, .unknown]))
        #expect(t["mp"] == ValueType(.float, [batch, .fixed(3), h, w]))
    }

    @Test func mismatchesFailAtLoadNamingTheNode() {
        func load(_ n: Onnx_NodeProto, _ x: [Int], _ inits: [String: Tensor]) -> String {
            Graphs.loadError(Graphs.model([n], inputs: [Graphs.value("x", .float, x.map { .fixed($0) })], outputs: [Graphs.untyped("y")],
                                          initializers: inits))
        }
        var e = load(Graphs.node("Conv", ["x", "w"], ["y"], name: "conv"), [1, 3, 8, 8], ["w": Self.weights([8, 4, 3, 3])])
        #expect(e.contains("node 'conv' (Conv)") && e.contains("3 channels") && e.contains("[8,4,3,3]"), "\(e)")
        e = load(Graphs.node("Conv", ["x", "w"], ["y"], name: "conv"), [1, 3, 2, 2], ["w": Self.weights([8, 3, 3, 3])])
        #expect(e.contains("node 'conv' (Conv)") && e.contains("exceeds padded input"), "\(e)")
        e = load(Graphs.node("MatMul", ["x", "w"], ["y"], name: "mm"), [2, 3], ["w": Self.weights([4, 5])])
        #expect(e.contains("node 'mm' (MatMul)") && e.contains("[2,3]") && e.contains("[4,5]"), "\(e)")
        e = load(Graphs.node("Gemm", ["x", "w"], ["y"], name: "fc"), [2, 3], ["w": Self.weights([4, 5])])
        #expect(e.contains("node 'fc' (Gemm)") && e.contains("inner dimensions"), "\(e)")
        e = load(Graphs.node("BatchNormalization", ["x", "s", "s", "s", "s"], ["y"], name: "bn"), [1, 3, 2, 2], ["s": Self.weights([4])])
        #expect(e.contains("node 'bn' (BatchNormalization)") && e.contains("expected 3"), "\(e)")
        e = load(Graphs.node("MaxPool", ["x"], ["y"], [intsAttr("kernel_shape", [2])], name: "pool"), [1, 3, 4, 4], [:])
        #expect(e.contains("node 'pool' (MaxPool)") && e.contains("kernel_shape"), "\(e)")
    }

    @Test func torchExportedCNNOutputShape() throws {
        let dir = NNFixtures.url.deletingLastPathComponent()
        let model = try ModelFile.load(dir.appendingPathComponent("small_cnn.onnx").path)
        let session = try InferenceSession(model: model)
        let input = try #require(session.inputs.first)
        let feed = Self.weights((input.shape ?? []).map { $0.value ?? 2 })
        let out = try session.run([input.name: feed])
        for o in session.outputs {
            let got = try #require(session.inferredTypes[o.name], "\(o.name) not inferred")
            let y = try #require(out[o.name])
            #expect(got.rank == y.rank && got.dataType == y.dataType, "\(got) vs \(y.shape)")
            for (d, n) in zip(got.shape ?? [], y.shape) { if let v = d.value { #expect(v == n, "\(got) vs \(y.shape)") } }
        }
    }

    @Test(arguments: NNFixtures.names("Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool",
                                      "GlobalLpPool", "BatchNormalization", "InstanceNormalization", "LayerNormalization",
                                      "GroupNormalization", "LRN", "Dropout", "Gemm", "MatMul"))
    func inferredShapesMatchTheFixture(_ name: String) throws {
        let c = try #require(NNFixtures.all.first { $0.name == name })
        let values = try c.inputs.map { try $0?.tensor() }
        let info = NodeInfo(opType: c.op, opset: c.opset, inputs: values.enumerated().map { $0.element == nil ? "" : "in\($0.offset)" },
                            outputs: c.outputs.indices.map { "out\($0)" }, attributes: c.attributes, name: "test_\(c.op)")
        let factory = try #require(OperatorRegistry.factory(domain: "", opType: c.op))
        let op = try #require(try factory(info) as? any ShapeInferring, "\(c.op) has no shape inference")
        let expected = try c.outputs.map { try $0.tensor() }
        let types = values.map { $0.map(ValueType.init(of:)) }
        for hidden in [-2, -1] + Array(values.indices) {
            let constants = values.indices.map { i in hidden == -2 || i == hidden ? nil : values[i] }
            let outs = try op.inferTypes(types, constants: constants)
            var known = 0
            for (i, want) in expected.enumerated() where ShapeInferenceFixtureTests.check(outs.at(i), want, "\(name) (hidden \(hidden)) output \(i)") {
                known += 1
            }
            // Input shapes alone fix every NN output shape.
            #expect(known == expected.count, "\(name) (hidden \(hidden)): only \(known) of \(expected.count) outputs inferred")
        }
    }
}
