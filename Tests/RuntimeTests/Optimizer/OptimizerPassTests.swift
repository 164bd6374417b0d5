import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// Each pass on a small graph where it must fire and on near misses where it must not;
/// the optimised graph's outputs must equal the unoptimised session's.
@Suite struct OptimizerPassTests {
    let x = Graphs.value("x", .float, Opt.f(1, 2, 5, 5))
    let w = Opt.random([4, 2, 3, 3], seed: 1)
    let b = Opt.random([4], seed: 2)

    // MARK: removal

    @Test func identityBetweenNodesIsRemoved() throws {
        let m = Opt.model([Graphs.node("Relu", ["x"], ["a"]), Graphs.node("Identity", ["a"], ["b"]),
                           Graphs.node("Sigmoid", ["b"], ["y"])], inputs: [x], outputs: ["y"])
        let r = try Opt.check(m)
        #expect(r.rewrites("remove-identities") == 1)
        #expect(r.opTypes == ["Relu", "Sigmoid"])
        #expect(r.closeness <= 1)
    }

    @Test func identityProducingAGraphOutputRenamesItsProducer() throws {
        let m = Opt.model([Graphs.node("Relu", ["x"], ["a"]), Graphs.node("Identity", ["a"], ["y"])],
                          inputs: [x], outputs: ["y"])
        let r = try Opt.check(m)
        #expect(r.opTypes == ["Relu"])
        #expect(r.model.graph.node.first?.output == ["y"])
        #expect(r.model.graph.output.map(\.name) == ["y"])
        #expect(r.closeness <= 1)
    }

    @Test func identityFromInputToOutputStays() throws {
        let m = Opt.model([Graphs.node("Identity", ["x"], ["y"])], inputs: [x], outputs: ["y"])
        let r = try Opt.check(m)
        #expect(r.rewrites("remove-identities") == 0)
        #expect(r.opTypes == ["Identity"])
    }

    @Test func inferenceDropoutIsRemovedUnlessItsMaskIsUsedOrTrainingIsComputed() throws {
        let plain = Opt.model([Graphs.node("Relu", ["x"], ["a"]), Graphs.node("Dropout", ["a"], ["d"]),
                               Graphs.node("Relu", ["d"], ["y"])], inputs: [x], outputs: ["y"])
        let r = try Opt.check(plain)
        #expect(r.rewrites("remove-identities") == 1)
        #expect(!r.opTypes.contains("Dropout"))
        #expect(r.closeness <= 1)

        let mask = Opt.model([Graphs.node("Relu", ["x"], ["a"]), Graphs.node("Dropout", ["a"], ["d", "mask"]),
                              Graphs.node("Relu", ["d"], ["y"])], inputs: [x], outputs: ["y", "mask"])
        #expect(try Opt.check(mask).opTypes.contains("Dropout"))

        let training = Graphs.value("t", .bool, [])
        let computed = Opt.model([Graphs.node("Relu", ["x"], ["a"]), Graphs.node("Dropout", ["a", "", "t"], ["d"]),
                                  Graphs.node("Relu", ["d"], ["y"])], inputs: [x, training], outputs: ["y"])
        let (o, _) = try GraphOptimizer.optimize(model: computed, baseDirectory: nil)
        #expect(o.graph.node.map(\.opType).contains("Dropout"))
    }

    @Test func castToTheSameTypeIsRemovedAndARealCastStays() throws {
        let m = Opt.model([Graphs.node("Relu", ["x"], ["a"]), Graphs.node("Cast", ["a"], ["c"], [NNTest.attr("to", 1)]),
                           Graphs.node("Cast", ["c"], ["y"], [NNTest.attr("to", 11)])], inputs: [x], outputs: ["y"])
        let r = try Opt.check(m)
        #expect(r.rewrites("remove-identities") == 1)
        #expect(r.opTypes == ["Relu", "Cast"])
        #expect(r.closeness <= 1)
    }

    @Test func noOpReshapeIsRemovedAndReshapeChainsCollapse() throws {
        let m = Opt.model([Graphs.node("Relu", ["x"], ["a"]),
                           Graphs.node("Reshape", ["a", "same"], ["b"]),
                           Graphs.node("Flatten", ["b"], ["c"], [NNTest.attr("axis", 2)]),
                           Graphs.node("Unsqueeze", ["c", "axes"], ["d"]),
                           Graphs.node("Sigmoid", ["d"], ["y"])],
                          inputs: [x], outputs: ["y"], initializers: ["same": Graphs.ints([1, 2, 5, 5]), "axes": Graphs.ints([0])])
        let r = try Opt.check(m)
        #expect(r.rewrites("remove-reshapes") == 2)
        #expect(r.opTypes == ["Relu", "Reshape", "Sigmoid"])
        #expect(r.closeness <= 1)
    }

    @Test func reshapeThatChangesTheShapeStays() throws {
        let m = Opt.model([Graphs.node("Reshape", ["x", "s"], ["a"]), Graphs.node("Relu", ["a"], ["y"])],
                          inputs: [x], outputs: ["y"], initializers: ["s": Graphs.ints([2, 25])])
        let r = try Opt.check(m)
        #expect(r.rewrites("remove-reshapes") == 0)
        #expect(r.opTypes == ["Reshape", "Relu"])
    }

    // MARK: BatchNormalization folding

    @Test(arguments: [(1, true, DataType.float), (2, true, .float), (1, false, .float), (2, false, .double)])
    func batchNormFoldsIntoConv(group: Int, bias: Bool, type: DataType) throws {
        let cin = 2 * group
        let xin = Graphs.value("x", type, Opt.f(2, cin, 5, 5))
        var inits = Opt.bnParams("bn", 4, seed: 10, type: type)
        inits["w"] = Opt.random([4, 2, 3, 3], seed: 1, type: type)
        if bias { inits["b"] = Opt.random([4], seed: 2, type: type) }
        let m = Opt.model([Opt.conv("x", "w", bias ? "b" : nil, "c", name: "conv", group: group), Opt.bn("c", "bn", "y")],
                          inputs: [xin], outputs: ["y"], initializers: inits)
        let r = try Opt.check(m)
        #expect(r.rewrites("fold-batchnorm") == 1)
        #expect(r.opTypes == ["Conv"])
        #expect(r.model.graph.node.first?.name == "conv+bn")
        #expect(r.closeness <= 1, "closeness \(r.closeness)")
    }

    @Test func batchNormStaysWhenTheConvOutputHasAnotherReader() throws {
        var inits = Opt.bnParams("bn", 4, seed: 10)
        inits["w"] = w
        let m = Opt.model([Opt.conv("x", "w", nil, "c", name: "conv"), Opt.bn("c", "bn", "y"), Graphs.node("Relu", ["c"], ["z"])],
                          inputs: [x], outputs: ["y", "z"], initializers: inits)
        let r = try Opt.check(m)
        #expect(r.rewrites("fold-batchnorm") == 0)
        #expect(r.opTypes.contains("BatchNormalization"))
        #expect(r.closeness <= 1)
    }

    @Test func batchNormStaysWhenItsParametersAreNotConstant() throws {
        var inits = Opt.bnParams("bn", 4, seed: 10)
        inits["w"] = w
        inits["bn_scale"] = nil
        let scale = Graphs.value("bn_scale", .float, Opt.f(4))
        let m = Opt.model([Opt.conv("x", "w", nil, "c", name: "conv"), Opt.bn("c", "bn", "y")],
                          inputs: [x, scale], outputs: ["y"], initializers: inits)
        let r = try Opt.check(m)
        #expect(r.rewrites("fold-batchnorm") == 0)
        #expect(r.opTypes.contains("BatchNormalization"))
        #expect(r.closeness <= 1)
    }

    // MARK: Conv + activation

    static let activations: [(String, [Onnx_AttributeProto])] = [
        ("Relu", []), ("LeakyRelu", [NNTest.attr("alpha", Float(0.2))]), ("Sigmoid", []),
        ("HardSigmoid", [NNTest.attr("alpha", Float(0.3)), NNTest.attr("beta", Float(0.4))]), ("Tanh", []),
    ]

    @Test(arguments: 0..<5)
    func convActivationBecomesFusedConv(k: Int) throws {
        let (op, attrs) = Self.activations[k]
        let m = Opt.model([Opt.conv("x", "w", "b", "c", name: "conv"), Graphs.node(op, ["c"], ["y"], attrs, name: "act")],
                          inputs: [x], outputs: ["y"], initializers: ["w": w, "b": b])
        let r = try Opt.check(m)
        #expect(r.rewrites("fuse-conv-activation") == 1)
        let n = try #require(r.model.graph.node.first)
        #expect(r.model.graph.node.count == 1)
        #expect(n.opType == "FusedConv" && n.domain == "com.microsoft" && n.name == "conv+act")
        #expect(n.attribute.first { $0.name == "activation" }.map { String(decoding: $0.s, as: UTF8.self) } == op)
        #expect(r.model.opsetImport.contains { $0.domain == "com.microsoft" && $0.version == 1 })
        #expect(r.closeness <= 1, "\(op): closeness \(r.closeness)")
    }

    /// HardSwish and x * Sigmoid(x) fuse only inside a session (onnxruntime's FusedConv has
    /// neither, so `parity optimize` must not write them); the fused session agrees with
    /// the unoptimised one.
    @Test(arguments: ["HardSwish", "Silu"])
    func runtimeOnlyActivationsFuseInSessionsOnly(_ act: String) throws {
        let nodes: [Onnx_NodeProto] = act == "Silu"
            ? [Opt.conv("x", "w", "b", "c", name: "conv"), Graphs.node("Sigmoid", ["c"], ["s"], name: "sig"),
               Graphs.node("Mul", ["c", "s"], ["y"], name: "mul")]
            : [Opt.conv("x", "w", "b", "c", name: "conv"), Graphs.node("HardSwish", ["c"], ["y"], name: "hs")]
        let m = Opt.model(nodes, inputs: [x], outputs: ["y"], initializers: ["w": w, "b": b], opset: 14)
        // For a file: untouched.
        let file = try Opt.check(m)
        #expect(file.rewrites("fuse-conv-activation") == 0)
        // In a session: one FusedConv with the runtime-only activation, same outputs.
        let feeds = try Opt.feeds(m)
        let plain = try InferenceSession(model: m, options: SessionOptions(optimize: false)).run(feeds)
        let session = try InferenceSession(model: m)
        let fused = try session.run(feeds)
        #expect(session.optimization?.nodesAfter == 1)
        let a = try #require(fused["y"]?.asDoubles()), e = try #require(plain["y"]?.asDoubles())
        #expect(closeness(a, e, rtol: 1e-6, atol: 1e-7) <= 1)
    }

    /// A session packs a constant MatMul weight once and then drops its values, but only
    /// when every reader serves from a packed form: a weight also read by another op, or
    /// returned as a graph output, keeps its elements. Outputs equal the naive product.
    @Test func matmulWeightsAreDroppedOnlyWhenNothingElseReadsThem() throws {
        guard FastGemm.available else { return }
        let w = Opt.random([8, 40], seed: 3), x = Opt.random([5, 8], seed: 4)
        guard case .float(let wv) = w.storage, case .float(let xv) = x.storage else { return }
        var want = [Float](repeating: 0, count: 5 * 40)
        NaiveGemm.run(transA: false, transB: false, m: 5, n: 40, k: 8, alpha: 1, a: xv, lda: 8, b: wv, ldb: 40, beta: 0, c: &want, ldc: 40)
        let xi = Graphs.value("x", .float, Opt.f(5, 8))
        func session(_ nodes: [Onnx_NodeProto], _ outs: [String]) throws -> InferenceSession {
            try InferenceSession(model: Opt.model(nodes, inputs: [xi], outputs: outs, initializers: ["w": w]),
                                 options: SessionOptions(optimize: false))
        }
        func wHasValues(_ s: InferenceSession) -> Bool {
            s.constantSlots.contains { _, v in
                if case .tensor(let t) = v, t.shape == [8, 40] { return t.count == 320 }
                return false
            }
        }
        func product(_ out: [String: Tensor], _ name: String) -> [Float]? {
            if case .float(let v)? = out[name]?.storage { return v }
            return nil
        }
        let both = try session([Graphs.node("MatMul", ["x", "w"], ["y1"], name: "mm1"),
                                Graphs.node("MatMul", ["x", "w"], ["y2"], name: "mm2")], ["y1", "y2"])
        #expect(!wHasValues(both))
        let out = try both.run(["x": x])
        for name in ["y1", "y2"] {
            let got = try #require(product(out, name))
            #expect(closeness(got, want, rtol: 1e-5, atol: 1e-6) <= 1, "\(name)")
        }
        let alsoAdded = try session([Graphs.node("MatMul", ["x", "w"], ["y1"], name: "mm"),
                                     Graphs.node("Add", ["w", "w"], ["z"], name: "add")], ["y1", "z"])
        #expect(wHasValues(alsoAdded))
        let out2 = try alsoAdded.run(["x": x])
        #expect(closeness(try #require(product(out2, "y1")), want, rtol: 1e-5, atol: 1e-6) <= 1)
        #expect(product(out2, "z") == wv.map { $0 + $0 })
    }

    /// A float32 convolution serves its weight from the packed forms alone (Winograd for the
    /// wide 3x3 layer with a static shape, the implicit GEMM for the others, both when the
    /// size is symbolic), so the session keeps W's shape only; a 3-D convolution keeps W.
    /// Outputs equal the naive convolution.
    @Test(arguments: [(16, 1), (16, 2), (7, 1)])
    func convolutionWeightsAreDroppedWhenPackedFormsServeEveryRun(_ shape: (size: Int, stride: Int)) throws {
        guard FastGemm.available else { return }
        let w = Opt.random([12, 10, 3, 3], seed: 6), x = Opt.random([1, 10, shape.size, shape.size], seed: 8)
        guard case .float(let wv) = w.storage, case .float(let xv) = x.storage else { return }
        let conv = Graphs.node("Conv", ["x", "w"], ["y"], [NNTest.attr("pads", [1, 1, 1, 1]), NNTest.attr("strides", [shape.stride, shape.stride])],
                               name: "conv")
        let g = try WindowGeometry.forward(input: [shape.size, shape.size], kernel: [3, 3], strides: [shape.stride, shape.stride],
                                           dilations: nil, pads: [1, 1, 1, 1], autoPad: .notSet)
        let want = NaiveConv.forward(x: xv, w: wv, bias: nil, batch: 1, inChannels: 10, outChannels: 12, group: 1, geometry: g)
        for dims in [Opt.f(1, 10, shape.size, shape.size), [.fixed(1), .fixed(10), .symbol("h"), .symbol("w")]] {
            let m = Opt.model([conv], inputs: [Graphs.value("x", .float, dims)], outputs: ["y"], initializers: ["w": w])
            let session = try InferenceSession(model: m, options: SessionOptions(optimize: false))
            let kept = session.constantSlots.contains { _, v in
                if case .tensor(let t) = v, t.shape == [12, 10, 3, 3] { return t.count == 1080 }
                return false
            }
            #expect(!kept, "\(dims)")
            guard case .float(let got)? = try session.run(["x": x])["y"]?.storage else { Issue.record("no float output"); continue }
            #expect(closeness(got, want, rtol: 1e-4, atol: 1e-5) <= 1, "\(dims)")
        }
        // 3-D: no implicit GEMM, W keeps its elements.
        let w3 = Opt.random([4, 3, 3, 3, 3], seed: 9)
        let m3 = Opt.model([Graphs.node("Conv", ["x", "w"], ["y"], name: "conv3")],
                           inputs: [Graphs.value("x", .float, Opt.f(1, 3, 5, 5, 5))], outputs: ["y"], initializers: ["w": w3])
        let s3 = try InferenceSession(model: m3, options: SessionOptions(optimize: false))
        #expect(s3.constantSlots.contains { _, v in if case .tensor(let t) = v { return t.shape == [4, 3, 3, 3, 3] && t.count == 324 }; return false })
        #expect(try s3.run(["x": Opt.random([1, 3, 5, 5, 5], seed: 10)])["y"]?.shape == [1, 4, 3, 3, 3])
    }

    /// A session packs a constant convolution weight once, in the one form the static input
    /// shape selects: Winograd for a 3x3 stride-1 layer with many tiles, the GEMM form for
    /// a 7x7 input (too few tiles); both when the spatial size is symbolic.
    @Test func convolutionWeightsArePackedForThePathTheShapeSelects() throws {
        guard FastGemm.available else { return }
        let wide = Opt.random([16, 16, 3, 3], seed: 5)
        func packedForms(_ dims: [ValueType.Dim]) throws -> (winograd: Bool, direct: Bool) {
            let xi = Graphs.value("x", .float, dims)
            let m = Opt.model([Opt.conv("x", "w", nil, "y", name: "conv")], inputs: [xi], outputs: ["y"], initializers: ["w": wide])
            let session = try InferenceSession(model: m, options: SessionOptions(optimize: false))
            let conv = try #require(session.steps.first?.op as? Conv)
            return (!conv.packed.winograd.isEmpty, !conv.packed.perGroup.isEmpty)
        }
        #expect(try packedForms(Opt.f(1, 16, 28, 28)) == (true, false))
        #expect(try packedForms(Opt.f(1, 16, 7, 7)) == (false, true))
        #expect(try packedForms([ValueType.Dim.fixed(1), .fixed(16), .symbol("h"), .symbol("w")]) == (true, true))
        // Symbolic batch, fixed image: one image's tiles decide. 28x28 has enough for
        // Winograd at every batch (only that form); 7x7 only from batch 3 (the GEMM form now,
        // the Winograd form at the first run that takes it).
        #expect(try packedForms([ValueType.Dim.symbol("n"), .fixed(16), .fixed(28), .fixed(28)]) == (true, false))
        #expect(try packedForms([ValueType.Dim.symbol("n"), .fixed(16), .fixed(7), .fixed(7)]) == (false, true))
    }

    /// With a symbolic batch, W is dropped after packing in both cases above, and every
    /// batch still computes the convolution: Winograd-only at 28x28 (batch 0, 1, 2), and at
    /// 7x7 the GEMM form for batch 1, then the Winograd form built from it (W unpacked from
    /// the GEMM form) for batch 4, which then serves batches 1 and 2 as well (the GEMM form
    /// dropped), matching the naive loop.
    @Test(arguments: [28, 7])
    func symbolicBatchConvolutionServesEveryBatch(_ size: Int) throws {
        guard FastGemm.available else { return }
        let w = Opt.random([16, 16, 3, 3], seed: 11)
        guard case .float(let wv) = w.storage else { return }
        let xi = Graphs.value("x", .float, [ValueType.Dim.symbol("n"), .fixed(16), .fixed(size), .fixed(size)])
        let m = Opt.model([Opt.conv("x", "w", nil, "y", name: "conv")], inputs: [xi], outputs: ["y"], initializers: ["w": w])
        let session = try InferenceSession(model: m, options: SessionOptions(optimize: false))
        let conv = try #require(session.steps.first?.op as? Conv)
        #expect(!session.constantSlots.contains { _, v in if case .tensor(let t) = v { return t.shape == [16, 16, 3, 3] && t.count > 0 }; return false })
        let g = try WindowGeometry.forward(input: [size, size], kernel: [3, 3], strides: nil, dilations: nil, pads: [1, 1, 1, 1], autoPad: .notSet)
        #expect(try session.run(["x": Opt.random([0, 16, size, size], seed: 12)])["y"]?.shape == [0, 16, size, size])
        let batches: [Int] = size == 7 ? [1, 4, 1, 2] : [1, 2]
        for (k, n) in batches.enumerated() {
            let x = Opt.random([n, 16, size, size], seed: 12 + UInt64(n))
            guard case .float(let xv) = x.storage else { return }
            let want = NaiveConv.forward(x: xv, w: wv, bias: nil, batch: n, inChannels: 16, outChannels: 16, group: 1, geometry: g)
            guard case .float(let got)? = try session.run(["x": x])["y"]?.storage else { Issue.record("no float output"); continue }
            #expect(closeness(got, want, rtol: 1e-4, atol: 1e-5) <= 1, "batch \(n), \(size)x\(size)")
            // The 7x7 layer's Winograd form exists once a batch took it, not before; from
            // then on it is the only form.
            if size == 7 {
                #expect(conv.packed.winograd.isEmpty == (k == 0), "batch \(n)")
                #expect(conv.packed.perGroup.isEmpty == (k > 0), "batch \(n)")
            }
        }
    }

    @Test func clipWithConstantBoundsFusesAndWithComputedBoundsDoesNot() throws {
        let lo = Tensor(uncheckedType: .float, shape: [], storage: .float([-0.3])), hi = Tensor(uncheckedType: .float, shape: [], storage: .float([0.4]))
        let fused = Opt.model([Opt.conv("x", "w", "b", "c", name: "conv"), Graphs.node("Clip", ["c", "lo", "hi"], ["y"])],
                              inputs: [x], outputs: ["y"], initializers: ["w": w, "b": b, "lo": lo, "hi": hi])
        let r = try Opt.check(fused)
        #expect(r.opTypes == ["FusedConv"])
        #expect(r.model.graph.node.first?.attribute.first { $0.name == "activation_params" }?.floats == [-0.3, 0.4])
        #expect(r.closeness <= 1)

        let bound = Graphs.value("hi", .float, [])
        let open = Opt.model([Opt.conv("x", "w", "b", "c", name: "conv"), Graphs.node("Clip", ["c", "lo", "hi"], ["y"])],
                             inputs: [x, bound], outputs: ["y"], initializers: ["w": w, "b": b, "lo": lo])
        let s = try Opt.check(open, feeds: ["x": Opt.random([1, 2, 5, 5], seed: 3), "hi": hi])
        #expect(s.rewrites("fuse-conv-activation") == 0)
        #expect(s.opTypes == ["Conv", "Clip"])
    }

    @Test func convWithTwoReadersIsNotFused() throws {
        let m = Opt.model([Opt.conv("x", "w", "b", "c", name: "conv"), Graphs.node("Relu", ["c"], ["y"]),
                           Graphs.node("Sigmoid", ["c"], ["z"])],
                          inputs: [x], outputs: ["y", "z"], initializers: ["w": w, "b": b])
        let r = try Opt.check(m)
        #expect(r.rewrites("fuse-conv-activation") == 0)
        #expect(r.opTypes == ["Conv", "Relu", "Sigmoid"])
    }

    @Test func convOutputThatIsAGraphOutputIsNotFused() throws {
        let m = Opt.model([Opt.conv("x", "w", "b", "c", name: "conv"), Graphs.node("Relu", ["c"], ["y"])],
                          inputs: [x], outputs: ["y", "c"], initializers: ["w": w, "b": b])
        #expect(try Opt.check(m).opTypes == ["Conv", "Relu"])
    }

    @Test func residualConvAddReluBecomesOneFusedConvWithZ() throws {
        // Like a ResNet basic block: relu(conv(relu(conv(x))) + x), residual second operand.
        let w2 = Opt.random([2, 4, 3, 3], seed: 5)
        let m = Opt.model([Opt.conv("x", "w", "b", "c1", name: "conv1"), Graphs.node("Relu", ["c1"], ["r1"], name: "relu1"),
                           Opt.conv("r1", "w2", nil, "c2", name: "conv2"), Graphs.node("Add", ["c2", "x"], ["s"], name: "add"),
                           Graphs.node("Relu", ["s"], ["y"], name: "relu2")],
                          inputs: [x], outputs: ["y"], initializers: ["w": w, "b": b, "w2": w2])
        let r = try Opt.check(m)
        #expect(r.opTypes == ["FusedConv", "FusedConv"])
        let last = try #require(r.model.graph.node.last)
        #expect(last.input == ["r1", "w2", "", "x"])
        #expect(last.name == "conv2+add+relu2")
        #expect(r.closeness <= 1, "closeness \(r.closeness)")
    }

    @Test func addThatBroadcastsIsNotFusedIntoConv() throws {
        let m = Opt.model([Opt.conv("x", "w", "b", "c", name: "conv"), Graphs.node("Add", ["c", "z"], ["y"])],
                          inputs: [x], outputs: ["y"], initializers: ["w": w, "b": b, "z": Opt.random([1, 4, 1, 1], seed: 9)])
        let r = try Opt.check(m)
        #expect(r.opTypes == ["Conv", "Add"])
        #expect(r.closeness <= 1)
    }

    @Test func doubleConvIsNotFused() throws {
        // onnxruntime's FusedConv is float32 only: a float64 graph must stay runnable there.
        let xd = Graphs.value("x", .double, Opt.f(1, 2, 5, 5))
        let m = Opt.model([Opt.conv("x", "w", nil, "c", name: "conv"), Graphs.node("Relu", ["c"], ["y"])],
                          inputs: [xd], outputs: ["y"], initializers: ["w": Opt.random([4, 2, 3, 3], seed: 1, type: .double)])
        #expect(try Opt.check(m).opTypes == ["Conv", "Relu"])
    }

    // MARK: MatMul / Gemm

    @Test func matMulAddBecomesGemmAndTakesTheRelu() throws {
        let a = Graphs.value("a", .float, [.symbol("batch"), .fixed(6)])
        let m = Opt.model([Graphs.node("MatMul", ["a", "w"], ["p"], name: "mm"), Graphs.node("Add", ["bias", "p"], ["q"], name: "add"),
                           Graphs.node("Relu", ["q"], ["y"], name: "relu")],
                          inputs: [a], outputs: ["y"], initializers: ["w": Opt.random([6, 3], seed: 4), "bias": Opt.random([3], seed: 5)])
        let r = try Opt.check(m, feeds: ["a": Opt.random([5, 6], seed: 6)])
        #expect(r.rewrites("fuse-matmul-add") == 1)
        #expect(r.rewrites("fuse-gemm-activation") == 1)
        #expect(r.opTypes == ["FusedGemm"])
        #expect(r.model.graph.node.first?.name == "mm+add+relu")
        #expect(r.closeness <= 1, "closeness \(r.closeness)")
    }

    @Test func batchedMatMulAndNonConstantBiasStay() throws {
        let a3 = Graphs.value("a", .float, Opt.f(2, 4, 6))
        let batched = Opt.model([Graphs.node("MatMul", ["a", "w"], ["p"]), Graphs.node("Add", ["p", "bias"], ["y"])],
                                inputs: [a3], outputs: ["y"], initializers: ["w": Opt.random([6, 3], seed: 4), "bias": Opt.random([3], seed: 5)])
        #expect(try Opt.check(batched).opTypes == ["MatMul", "Add"])

        let a2 = Graphs.value("a", .float, Opt.f(4, 6)), bias = Graphs.value("bias", .float, Opt.f(3))
        let computed = Opt.model([Graphs.node("MatMul", ["a", "w"], ["p"]), Graphs.node("Add", ["p", "bias"], ["y"])],
                                 inputs: [a2, bias], outputs: ["y"], initializers: ["w": Opt.random([6, 3], seed: 4)])
        #expect(try Opt.check(computed).opTypes == ["MatMul", "Add"])
    }

    // MARK: shape folding

    @Test func shapeChainsOfStaticShapesFoldAway() throws {
        // Dynamo style: Reshape(x, Concat(Gather(Shape(x), 0), [-1])).
        let m = Opt.model([Graphs.node("Relu", ["x"], ["a"]), Graphs.node("Shape", ["a"], ["s"]),
                           Graphs.node("Gather", ["s", "zero"], ["n"], [NNTest.attr("axis", 0)]),
                           Graphs.node("Unsqueeze", ["n", "axes"], ["n1"]),
                           Graphs.node("Concat", ["n1", "minus1"], ["target"], [NNTest.attr("axis", 0)]),
                           Graphs.node("Reshape", ["a", "target"], ["y"])],
                          inputs: [x], outputs: ["y"],
                          initializers: ["zero": Tensor.scalar(Int64(0)), "axes": Graphs.ints([0]), "minus1": Graphs.ints([-1])])
        let r = try Opt.check(m)
        #expect(r.rewrites("fold-shapes") == 1)
        #expect(r.rewrites("fold-constants") == 3)
        #expect(r.opTypes == ["Relu", "Reshape"])
        #expect(r.closeness <= 1)
    }

    @Test func shapeOfASymbolicDimensionStaysButItsStaticTailFolds() throws {
        let xb = Graphs.value("x", .float, [.symbol("batch"), .fixed(3), .fixed(4)])
        var tail = Graphs.node("Shape", ["x"], ["t"])
        tail.attribute = [NNTest.attr("start", 1)]
        let m = Opt.model([Graphs.node("Shape", ["x"], ["s"]), tail, Graphs.node("Size", ["x"], ["n"]),
                           Graphs.node("Cast", ["s"], ["sf"], [NNTest.attr("to", 1)]),
                           Graphs.node("Cast", ["t"], ["tf"], [NNTest.attr("to", 1)]),
                           Graphs.node("Cast", ["n"], ["nf"], [NNTest.attr("to", 1)])],
                          inputs: [xb], outputs: ["sf", "tf", "nf"])
        let r = try Opt.check(m, feeds: ["x": Opt.random([2, 3, 4], seed: 1)])
        #expect(r.rewrites("fold-shapes") == 1)
        #expect(r.opTypes.filter { $0 == "Shape" }.count == 1)
        #expect(r.opTypes.contains("Size"))
        #expect(r.closeness <= 1)
    }

    // MARK: session integration

    @Test func sessionsOptimiseByDefaultAndCanBeToldNotTo() throws {
        var inits = Opt.bnParams("bn", 4, seed: 10)
        inits["w"] = w
        let m = Opt.model([Opt.conv("x", "w", nil, "c", name: "conv"), Opt.bn("c", "bn", "d"), Graphs.node("Relu", ["d"], ["y"], name: "relu")],
                          inputs: [x], outputs: ["y"], initializers: inits)
        let on = try InferenceSession(model: m, options: SessionOptions(optimize: true))
        let off = try InferenceSession(model: m, options: SessionOptions(optimize: false))
        #expect(on.optimization?.nodesAfter == 1)
        #expect(off.optimization == nil)
        let feeds = ["x": Opt.random([1, 2, 5, 5], seed: 3)]
        let a = try #require(try on.run(feeds)["y"]?.floats), e = try #require(try off.run(feeds)["y"]?.floats)
        #expect(closeness(a, e, rtol: 1e-5, atol: 1e-6) <= 1)
    }

    @Test func errorsInAFusedNodeNameTheNodesItCameFrom() throws {
        // Z is fed at run time with a shape the fused node cannot take: the error names it.
        var fused = Opt.conv("x", "w", "b", "c", name: "conv1")
        fused.opType = "FusedConv"
        fused.domain = "com.microsoft"
        fused.name = "conv1+add"
        fused.input.append("z")
        fused.output = ["y"]
        var m = Opt.model([fused], inputs: [x, Graphs.value("z", .float, nil)], outputs: ["y"], initializers: ["w": w, "b": b])
        var ms = Onnx_OperatorSetIdProto(); ms.domain = "com.microsoft"; ms.version = 1
        m.opsetImport.append(ms)
        let s = try InferenceSession(model: m)
        let e = NNTest.errorMessage { _ = try s.run(["x": Opt.random([1, 2, 5, 5], seed: 1), "z": Opt.random([1, 4, 5, 1], seed: 2)]) }
        #expect(e?.hasPrefix("node 'conv1+add' (FusedConv): Z shape [1, 4, 5, 1]") == true, "\(e ?? "no error")")
    }

    @Test func aGraphWithAnUnsupportedOpIsLeftToTheSession() throws {
        let m = Opt.model([Graphs.node("NoSuchOp", ["x"], ["y"])], inputs: [x], outputs: ["y"])
        #expect(throws: (any Error).self) { try GraphOptimizer.optimize(model: m, baseDirectory: nil) }
        #expect(Graphs.loadError(m).contains("unsupported ops: NoSuchOp x1"))
    }
}
