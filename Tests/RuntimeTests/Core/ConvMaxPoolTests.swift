import OnnxFormat
import Testing
@testable import Runtime

/// The small-channel convolution and the MaxPool that alone reads it, as one step
/// (`ConvMaxPool`, `ConvKernel.smallChannelMaxPool`): against the naive convolution, clamp or
/// SiLU or HardSwish, then the naive pooling; and in sessions, which pairs fuse and that a fused
/// session computes what the unoptimised one does.
struct ConvMaxPoolTests {
    struct Case: CustomStringConvertible, Sendable {
        let n, c, m: Int
        let input, kernel, strides, pads: [Int]
        let poolKernel, poolStrides, poolPads: [Int]
        var ceil = false
        let seed: UInt64
        var description: String {
            "n\(n) c\(c) m\(m) in\(input) k\(kernel) s\(strides) p\(pads) pool k\(poolKernel) s\(poolStrides) p\(poolPads) ceil \(ceil)"
        }
    }

    /// resnet's stem (7x7 stride 2, then 3x3 stride 2 pad 1); a partial channel block with
    /// a 2x2 stride-2 pooling; stride-1 pooling with pads; a 5x5 pooling window wider than
    /// the rows it spans at the edges; ceil mode (windows past the padding); batch 2.
    static let cases: [Case] = [
        Case(n: 2, c: 3, m: 64, input: [45, 38], kernel: [7, 7], strides: [2, 2], pads: [3, 3, 3, 3],
             poolKernel: [3, 3], poolStrides: [2, 2], poolPads: [1, 1, 1, 1], seed: 1),
        Case(n: 1, c: 3, m: 13, input: [30, 29], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1],
             poolKernel: [2, 2], poolStrides: [2, 2], poolPads: [0, 0, 0, 0], seed: 2),
        Case(n: 1, c: 2, m: 9, input: [20, 75], kernel: [3, 5], strides: [1, 1], pads: [1, 2, 1, 2],
             poolKernel: [3, 3], poolStrides: [1, 1], poolPads: [1, 1, 1, 1], seed: 3),
        Case(n: 2, c: 4, m: 16, input: [17, 21], kernel: [3, 3], strides: [1, 2], pads: [0, 1, 2, 0],
             poolKernel: [5, 5], poolStrides: [2, 2], poolPads: [2, 2, 2, 2], seed: 4),
        Case(n: 1, c: 3, m: 8, input: [23, 23], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1],
             poolKernel: [3, 3], poolStrides: [2, 2], poolPads: [0, 0, 0, 0], ceil: true, seed: 5),
    ]

    @Test(arguments: cases) func fusedKernelMatchesConvolutionThenPooling(_ c: Case) throws {
        guard FastGemm.available else { return }
        let g = try WindowGeometry.forward(input: c.input, kernel: c.kernel, strides: c.strides, dilations: nil, pads: c.pads, autoPad: .notSet)
        let pg = try WindowGeometry.forward(input: g.output, kernel: c.poolKernel, strides: c.poolStrides, dilations: nil,
                                            pads: c.poolPads, autoPad: .notSet, ceilMode: c.ceil)
        var r = SeededRandom(seed: c.seed)
        let x: [Float] = r.values(c.n * c.c * g.inputSize)
        let w: [Float] = r.values(c.m * c.c * g.kernelSize)
        let b: [Float] = r.values(c.m)
        let form = try #require(ConvKernel.SmallChannelWeights(Tensor(shape: [c.m, c.c] + c.kernel, floats: w)))
        let conv = NaiveConv.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: 1, geometry: g)
        func pooled(_ v: [Float]) -> [Float] {
            NaivePool.pool(v, planes: c.n * c.m, geometry: pg, kind: .max, indices: false, storageOrder: 0).0
        }
        var silu = conv, hardSwish = conv
        silu.withUnsafeMutableBufferPointer { FusedActivation.silu.apply(to: $0) }
        hardSwish.withUnsafeMutableBufferPointer { FusedActivation.hardSwish.apply(to: $0) }
        let tails: [(String, ConvKernel.Epilogue?, [Float])] = [
            ("none", nil, pooled(conv)),
            ("relu", ConvKernel.Epilogue(z: nil, clamp: (0, .infinity)), pooled(conv.map { max(0, $0) })),
            ("silu", ConvKernel.Epilogue(z: nil, silu: true), pooled(silu)),
            ("hardswish", ConvKernel.Epilogue(z: nil, hardSwish: true), pooled(hardSwish)),
        ]
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            for (name, epilogue, want) in tails {
                let got = try #require(ConvKernel.smallChannelMaxPool(x: x, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m,
                                                                      geometry: g, weights: form, epilogue: epilogue, pool: pg))
                #expect(got.count == c.n * c.m * pg.outputSize)
                #expect(closeness(got, want, rtol: 1e-4, atol: 1e-5) <= 1, "\(name), \(threads) threads: \(c)")
            }
        }
        // A NaN in the image reaches the pooled outputs whose windows cover it.
        var xn = x
        xn[0] = .nan
        let convNaN = NaiveConv.forward(x: xn, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: 1, geometry: g)
        let nanPlanes = (0..<c.m).map { m in convNaN[(m * g.outputSize)..<((m + 1) * g.outputSize)].contains { $0.isNaN } }
        let got = try #require(ConvKernel.smallChannelMaxPool(x: xn, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m,
                                                              geometry: g, weights: form, epilogue: nil, pool: pg))
        for m in 0..<c.m {
            let plane = got[(m * pg.outputSize)..<((m + 1) * pg.outputSize)]
            #expect(plane.contains { $0.isNaN } == nanPlanes[m], "channel \(m): \(c)")
        }
    }

    /// Problems the fused kernel does not take: a residual, a pooling dilation, a column
    /// stride of 3, a pooling over other sizes than the convolution's output.
    @Test func fusedKernelDeclines() throws {
        guard FastGemm.available else { return }
        let g = try WindowGeometry.forward(input: [12, 12], kernel: [3, 3], strides: nil, dilations: nil, pads: [1, 1, 1, 1], autoPad: .notSet)
        let form = try #require(ConvKernel.SmallChannelWeights(Opt.random([8, 3, 3, 3], seed: 1)))
        guard case .float(let x) = Opt.random([1, 3, 12, 12], seed: 2).storage else { return }
        func run(_ pg: WindowGeometry, _ e: ConvKernel.Epilogue? = nil) -> [Float]? {
            ConvKernel.smallChannelMaxPool(x: x, bias: nil, batch: 1, inChannels: 3, outChannels: 8, geometry: g, weights: form,
                                           epilogue: e, pool: pg)
        }
        let ok = try WindowGeometry.forward(input: [12, 12], kernel: [2, 2], strides: [2, 2], dilations: nil, pads: nil, autoPad: .notSet)
        #expect(run(ok) != nil)
        #expect(run(ok, ConvKernel.Epilogue(z: [Float](repeating: 0, count: 8 * 144))) == nil)
        #expect(run(try WindowGeometry.forward(input: [12, 12], kernel: [2, 2], strides: nil, dilations: [2, 2], pads: nil, autoPad: .notSet)) == nil)
        #expect(run(try WindowGeometry.forward(input: [12, 12], kernel: [3, 3], strides: [3, 3], dilations: nil, pads: nil, autoPad: .notSet)) == nil)
        #expect(run(try WindowGeometry.forward(input: [10, 12], kernel: [2, 2], strides: nil, dilations: nil, pads: nil, autoPad: .notSet)) == nil)
    }

    /// An RGB stem: Conv, Relu, MaxPool. Optimised, the session runs Conv+Relu+MaxPool as
    /// one step and matches the unoptimised session (three separate steps) at batches 1 and 2;
    /// the pair stays apart when the convolution's output is also a graph output or when
    /// the pooling also returns Indices.
    @Test func sessionFusesTheStemAndMatchesTheUnfusedSession() throws {
        guard FastGemm.available else { return }
        let w = Opt.random([16, 3, 5, 5], seed: 3), b = Opt.random([16], seed: 4)
        let xi = Graphs.value("x", .float, [ValueType.Dim.symbol("n"), .fixed(3), .fixed(40), .fixed(36)])
        let conv = Graphs.node("Conv", ["x", "w", "b"], ["c"], [NNTest.attr("pads", [2, 2, 2, 2]), NNTest.attr("strides", [2, 2])], name: "conv")
        let relu = Graphs.node("Relu", ["c"], ["r"], name: "relu")
        func pool(_ outs: [String]) -> Onnx_NodeProto {
            Graphs.node("MaxPool", ["r"], outs, [NNTest.attr("kernel_shape", [3, 3]), NNTest.attr("strides", [2, 2]),
                                                 NNTest.attr("pads", [1, 1, 1, 1])], name: "pool")
        }
        func fusedSteps(_ m: Onnx_ModelProto) throws -> (fused: Int, session: InferenceSession) {
            let s = try InferenceSession(model: m)
            return (s.steps.filter { $0.op is ConvMaxPool }.count, s)
        }
        let m = Opt.model([conv, relu, pool(["y"])], inputs: [xi], outputs: ["y"], initializers: ["w": w, "b": b])
        let (fused, session) = try fusedSteps(m)
        #expect(fused == 1)
        #expect(session.steps.count == 1)
        let plain = try InferenceSession(model: m, options: SessionOptions(optimize: false))
        #expect(!plain.steps.contains { $0.op is ConvMaxPool })
        for n in [1, 2] {
            let x = Opt.random([n, 3, 40, 36], seed: 10 + UInt64(n))
            let want = try #require(plain.run(["x": x])["y"]), got = try #require(session.run(["x": x])["y"])
            #expect(got.shape == [n, 16, 10, 9] && got.shape == want.shape)
            guard case .float(let a) = got.storage, case .float(let e) = want.storage else { Issue.record("not float"); continue }
            #expect(closeness(a, e, rtol: 1e-5, atol: 1e-6) <= 1, "batch \(n)")
        }
        // The convolution's output read elsewhere too (a graph output): not fused.
        let both = Opt.model([conv, relu, pool(["y"])], inputs: [xi], outputs: ["y", "r"], initializers: ["w": w, "b": b])
        #expect(try fusedSteps(both).fused == 0)
        // Indices wanted: not fused.
        let indices = Opt.model([conv, relu, pool(["y", "i"])], inputs: [xi], outputs: ["y", "i"], initializers: ["w": w, "b": b])
        #expect(try fusedSteps(indices).fused == 0)
    }
}
