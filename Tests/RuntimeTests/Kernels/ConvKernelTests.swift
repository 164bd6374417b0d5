import CKernels
import OnnxFormat
import Testing
@testable import Runtime

/// Every ConvKernel path against NaiveConv on seeded random problems: 1-D/2-D/3-D,
/// strides, pads, dilations, groups, depthwise (with and without multiplier), 1x1.
struct ConvKernelTests {
    struct Case: CustomStringConvertible, Sendable {
        let n, c, m, group: Int
        let input, kernel, strides, dilations, pads: [Int]
        let bias: Bool
        let seed: UInt64
        var description: String {
            "n\(n) c\(c) m\(m) g\(group) in\(input) k\(kernel) s\(strides) d\(dilations) p\(pads) bias\(bias)"
        }
        func geometry() throws -> WindowGeometry {
            try WindowGeometry.forward(input: input, kernel: kernel, strides: strides, dilations: dilations, pads: pads, autoPad: .notSet)
        }
    }

    static func random(rank: Int, seed: UInt64, depthwise: Bool = false, pointwise: Bool = false) -> Case {
        var r = SeededRandom(seed: seed)
        let group = depthwise ? r.int(1...4) : [1, 1, 2, 3][r.int(0...3)]
        let cg = depthwise ? 1 : r.int(1...3), mg = depthwise ? r.int(1...2) : r.int(1...3)
        var kernel: [Int] = [], strides: [Int] = [], dil: [Int] = [], input: [Int] = [], pb: [Int] = [], pe: [Int] = []
        let maxIn = rank == 3 ? 5 : rank == 2 ? 8 : 12
        for _ in 0..<rank {
            let k = pointwise ? 1 : r.int(1...3), d = pointwise ? 1 : r.int(1...2)
            kernel.append(k); dil.append(d)
            strides.append(pointwise ? 1 : r.int(1...2))
            pb.append(pointwise ? 0 : r.int(0...2)); pe.append(pointwise ? 0 : r.int(0...2))
            input.append(max((k - 1) * d + 1, r.int(1...maxIn)))
        }
        return Case(n: r.int(1...2), c: cg * group, m: mg * group, group: group, input: input, kernel: kernel,
                    strides: strides, dilations: dil, pads: pb + pe, bias: r.int(0...1) == 1, seed: seed)
    }

    static let cases: [Case] =
        (0..<12).map { random(rank: 2, seed: 1000 + UInt64($0)) }
        + (0..<5).map { random(rank: 1, seed: 2000 + UInt64($0)) }
        + (0..<5).map { random(rank: 3, seed: 3000 + UInt64($0)) }
        + (0..<6).map { random(rank: 2, seed: 4000 + UInt64($0), depthwise: true) }
        + (0..<2).map { random(rank: 3, seed: 4100 + UInt64($0), depthwise: true) }
        + (0..<4).map { random(rank: 2, seed: 5000 + UInt64($0), pointwise: true) }
        + [Case(n: 1, c: 2, m: 2, group: 1, input: [3], kernel: [2], strides: [1], dilations: [1], pads: [3, 3], bias: true, seed: 6)]

    func inputs<T: BinaryFloatingPoint>(_ c: Case, _ g: WindowGeometry, _: T.Type) -> ([T], [T], [T]?) {
        var r = SeededRandom(seed: c.seed &* 31)
        let x: [T] = r.values(c.n * c.c * g.inputSize)
        let w: [T] = r.values(c.m * (c.c / c.group) * g.kernelSize)
        let b: [T]? = c.bias ? r.values(c.m) : nil
        return (x, w, b)
    }

    @Test(arguments: cases) func everyPathMatchesNaive(_ c: Case) throws {
        let g = try c.geometry()
        let (x, w, b) = inputs(c, g, Float.self)
        let want = NaiveConv.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        for path in [ConvKernel.Path.depthwise, .pointwise, .im2col] {
            let got = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m,
                                             group: c.group, geometry: g, path: path)
            #expect(got.count == want.count)
            #expect(closeness(got, want, rtol: 1e-4, atol: 1e-5) <= 1, "path \(path): \(c)")
        }
        let auto = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        #expect(closeness(auto, want, rtol: 1e-4, atol: 1e-5) <= 1, "auto path \(ConvKernel.path(inChannels: c.c, group: c.group, geometry: g)): \(c)")
    }

    /// Weights packed at load (what a session does for constant W) give the naive result
    /// on the GEMM paths (1-D/2-D through the implicit GEMM that gathers from the image),
    /// with one and two threads; the last two problems are big enough to be split by
    /// columns (stride 2, dilation 2, uneven pads) and by rows (7x7 output, 100 channels).
    @Test(arguments: cases.filter { $0.c / $0.group > 1 } + [
        Case(n: 2, c: 20, m: 30, group: 1, input: [9, 11], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 77),
        Case(n: 1, c: 24, m: 40, group: 2, input: [30, 33], kernel: [5, 3], strides: [2, 1], dilations: [1, 2], pads: [2, 1, 1, 2], bias: true, seed: 78),
        Case(n: 2, c: 64, m: 100, group: 1, input: [7, 7], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: false, seed: 79),
        // 1x1 with strides, no padding: with several images each is subsampled first
        // (stride 2 in vectors of 16 with a partial last one, odd sizes; stride 3; two
        // groups; batch 3); a single image is gathered in place
        Case(n: 3, c: 40, m: 24, group: 1, input: [28, 37], kernel: [1, 1], strides: [2, 2], dilations: [1, 1], pads: [0, 0, 0, 0], bias: true, seed: 80),
        Case(n: 2, c: 12, m: 10, group: 2, input: [17, 20], kernel: [1, 1], strides: [3, 2], dilations: [1, 1], pads: [0, 0, 0, 0], bias: false, seed: 81),
        Case(n: 2, c: 8, m: 16, group: 1, input: [9, 9], kernel: [1, 1], strides: [1, 3], dilations: [1, 1], pads: [0, 0, 0, 0], bias: true, seed: 82),
        Case(n: 1, c: 8, m: 16, group: 1, input: [9, 9], kernel: [1, 1], strides: [2, 2], dilations: [1, 1], pads: [0, 0, 0, 0], bias: true, seed: 83),
    ])
    func prepackedWeightsMatchNaive(_ c: Case) throws {
        guard FastGemm.available else { return }
        let g = try c.geometry()
        let (x, w, b) = inputs(c, g, Float.self)
        let want = NaiveConv.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        let wt = Tensor(shape: [c.m, c.c / c.group] + c.kernel, floats: w)
        let cache = ConvKernel.PackedWeights()
        cache.prepare(wt, group: c.group)
        let packed = try #require(cache.matrices(for: wt))
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            let got = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m,
                                             group: c.group, geometry: g, packed: packed)
            #expect(closeness(got, want, rtol: 1e-4, atol: 1e-5) <= 1, "\(threads) threads: \(c)")
        }
        // Another tensor with the same shape is not the packed one: no packed weights.
        #expect(cache.matrices(for: Tensor(shape: wt.shape, floats: w.map { $0 + 1 })) == nil)
    }

    /// The Winograd form built later from the GEMM form (a layer whose batch decides) is
    /// bit-identical to the one built from W, for row counts on and off the 48-row blocks
    /// and C on and off 16-channel vectors; once built it replaces the GEMM form.
    @Test(arguments: [(16, 16), (61, 270), (96, 19)])
    func winogradFormFromTheGemmFormIsExact(_ shape: (m: Int, c: Int)) throws {
        guard FastGemm.available else { return }
        var rng = SeededRandom(seed: 97)
        let wt = Tensor(shape: [shape.m, shape.c, 3, 3], floats: rng.values(shape.m * shape.c * 9))
        let direct = ConvKernel.PackedWeights(), later = ConvKernel.PackedWeights()
        direct.prepare(wt, group: 1, winogradEligible: true)
        later.prepare(wt, group: 1, winogradEligible: true, winogradLater: true)
        #expect(later.winograd.isEmpty && later.perGroup.count == 1)
        let g = try WindowGeometry.forward(input: [7, 7], kernel: [3, 3], strides: nil, dilations: nil, pads: [1, 1, 1, 1], autoPad: .notSet)
        let a = try #require(direct.winogradMatrices(for: wt))
        #expect(later.winogradMatrices(for: wt, batch: 1, inChannels: shape.c, outChannels: shape.m, geometry: g) == nil)
        let b = try #require(later.winogradMatrices(for: wt, batch: 4, inChannels: shape.c, outChannels: shape.m, geometry: g))
        let count = pk_sgemm_packed_a_count(shape.m, shape.c)
        for k in 0..<16 {
            let ua = UnsafeBufferPointer(start: a[k].data, count: count).map(\.bitPattern)
            let ub = UnsafeBufferPointer(start: b[k].data, count: count).map(\.bitPattern)
            #expect(ua == ub, "U_\(k)")
        }
        #expect(later.perGroup.isEmpty && later.matrices(for: wt) == nil)
    }

    /// 3x3 stride-1 problems with enough 2x2 tiles take Winograd F(2x2, 3x3) when the
    /// weights were prepared for it: same result as the naive loop (odd and even sizes,
    /// pads 0 and 1, batch 1 to 13, one to three threads, one and several blocks of tile
    /// rows per image, blocks of several whole images; a single block with several threads
    /// is split inside: channels, the 16 products, output channels).
    @Test(arguments: [
        Case(n: 1, c: 16, m: 24, group: 1, input: [15, 17], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 91),
        Case(n: 2, c: 9, m: 8, group: 1, input: [20, 14], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], bias: false, seed: 92),
        Case(n: 1, c: 33, m: 40, group: 1, input: [28, 28], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 93),
        // 23 x 15 tiles in blocks of 19 tile rows (the second block 4 rows)
        Case(n: 1, c: 48, m: 40, group: 1, input: [45, 30], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 94),
        // 9 tiles per image: blocks of whole images (11, then 2 on one thread; 7 and 6 on two)
        Case(n: 13, c: 248, m: 8, group: 1, input: [6, 6], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 95),
        // weights transformed in 48-row blocks (61 rows: 48 + 13), C past one 256-deep block
        Case(n: 1, c: 270, m: 61, group: 1, input: [14, 13], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 96),
    ])
    func winogradMatchesNaive(_ c: Case) throws {
        guard FastGemm.available else { return }
        let g = try c.geometry()
        #expect(ConvKernel.winogradApplies(inChannels: c.c, outChannels: c.m, group: c.group, batch: c.n, geometry: g))
        let (x, w, b) = inputs(c, g, Float.self)
        let want = NaiveConv.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        let wt = Tensor(shape: [c.m, c.c] + c.kernel, floats: w)
        let cache = ConvKernel.PackedWeights()
        cache.prepare(wt, group: 1, winogradEligible: true)
        let u = try #require(cache.winogradMatrices(for: wt))
        for threads in [1, 2, 3] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            let got = try #require(ConvKernel.winograd2D(x: x, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m,
                                                         group: 1, geometry: g, u: u))
            // Rounding grows with the sum's length (9 * C terms): outputs near zero get an
            // absolute tolerance that grows with C (1e-5 up to 32 channels).
            #expect(closeness(got, want, rtol: 1e-4, atol: 1e-5 * max(1, Double(c.c) / 32)) <= 1, "\(threads) threads: \(c)")
        }
        // Not for strided problems.
        let strided = try WindowGeometry.forward(input: c.input, kernel: [3, 3], strides: [2, 2], dilations: [1, 1], pads: c.pads, autoPad: .notSet)
        #expect(!ConvKernel.winogradApplies(inChannels: c.c, outChannels: c.m, group: 1, batch: c.n, geometry: strided))
    }

    /// FusedConv's tail applied by the kernels as they store tiles (residual Z, then a
    /// clamp, SiLU or HardSwish) equals the naive convolution followed by the plain add and clamp, on the
    /// Winograd, implicit-GEMM (3x3 strided, 1x1, grouped, 1-D) paths; with one and two
    /// threads. 3-D problems are not fused and say so.
    @Test(arguments: [
        Case(n: 1, c: 16, m: 24, group: 1, input: [15, 17], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 101),
        Case(n: 2, c: 24, m: 40, group: 1, input: [30, 33], kernel: [3, 3], strides: [2, 2], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 102),
        Case(n: 1, c: 300, m: 30, group: 1, input: [9, 9], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: false, seed: 103),
        Case(n: 2, c: 64, m: 50, group: 1, input: [20, 20], kernel: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], bias: true, seed: 104),
        Case(n: 2, c: 64, m: 50, group: 1, input: [21, 20], kernel: [1, 1], strides: [2, 2], dilations: [1, 1], pads: [0, 0, 0, 0], bias: true, seed: 112),
        Case(n: 1, c: 12, m: 18, group: 3, input: [11, 13], kernel: [3, 1], strides: [1, 2], dilations: [2, 1], pads: [2, 0, 1, 1], bias: true, seed: 105),
        Case(n: 2, c: 6, m: 8, group: 1, input: [40], kernel: [5], strides: [3], dilations: [1], pads: [2, 2], bias: true, seed: 106),
        Case(n: 1, c: 4, m: 6, group: 1, input: [5, 6, 7], kernel: [3, 3, 3], strides: [1, 1, 1], dilations: [1, 1, 1], pads: [1, 1, 1, 1, 1, 1], bias: true, seed: 107),
        // 1x1 over 1 and 3 pixels (squeeze-and-excitation): matrix-vector products on the packed weights
        Case(n: 2, c: 40, m: 30, group: 1, input: [1, 1], kernel: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], bias: true, seed: 110),
        Case(n: 1, c: 300, m: 13, group: 1, input: [1, 3], kernel: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], bias: false, seed: 111),
        // depthwise: channels in lanes (multiplier 1, >= 8 channels) and the row kernel (multiplier 2)
        Case(n: 2, c: 20, m: 20, group: 20, input: [9, 11], kernel: [5, 5], strides: [2, 1], dilations: [1, 1], pads: [2, 2, 2, 2], bias: true, seed: 108),
        Case(n: 1, c: 6, m: 12, group: 6, input: [9, 11], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 109),
    ])
    func epilogueMatchesSeparateAddAndClamp(_ c: Case) throws {
        guard FastGemm.available else { return }
        let g = try c.geometry()
        let (x, w, b) = inputs(c, g, Float.self)
        let conv = NaiveConv.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        var r = SeededRandom(seed: c.seed &+ 5)
        let z: [Float] = r.values(conv.count)
        let (lo, hi): (Float, Float) = (-0.25, 0.5)
        let want = zip(conv, z).map { min(hi, max(lo, $0 + $1)) }
        let wt = Tensor(shape: [c.m, c.c / c.group] + c.kernel, floats: w)
        let cache = ConvKernel.PackedWeights()
        cache.prepare(wt, group: c.group, winogradEligible: true)
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            let got = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group,
                                             geometry: g, packed: cache.matrices(for: wt), winograd: cache.winogradMatrices(for: wt),
                                             epilogue: ConvKernel.Epilogue(z: z, clamp: (lo, hi)))
            #expect(got.fused == (c.input.count < 3), "\(c)")
            let values = got.fused ? got.values : zip(got.values, z).map { min(hi, max(lo, $0 + $1)) }
            #expect(closeness(values, want, rtol: 1e-4, atol: 1e-5) <= 1, "\(threads) threads: \(c)")
        }
        // A NaN reaching the clamp stays NaN (as the Relu kernel leaves it).
        var zNaN = z
        zNaN[0] = .nan
        let nanOut = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group,
                                            geometry: g, packed: cache.matrices(for: wt), winograd: cache.winogradMatrices(for: wt),
                                            epilogue: ConvKernel.Epilogue(z: zNaN, clamp: (0, .infinity)))
        if nanOut.fused { #expect(nanOut.values[0].isNaN) }
        // SiLU in the epilogue: the SiLU kernel applied to conv + z.
        var wantSiLU = zip(conv, z).map { $0 + $1 }
        wantSiLU.withUnsafeMutableBufferPointer { FusedActivation.silu.apply(to: $0) }
        let silu = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group,
                                          geometry: g, packed: cache.matrices(for: wt), winograd: cache.winogradMatrices(for: wt),
                                          epilogue: ConvKernel.Epilogue(z: z, silu: true))
        if silu.fused {
            #expect(closeness(silu.values, wantSiLU, rtol: 1e-4, atol: 1e-5) <= 1, "SiLU: \(c)")
        }
        // HardSwish in the epilogue: the HardSwish kernel applied to conv + z.
        var wantHardSwish = zip(conv, z).map { $0 + $1 }
        wantHardSwish.withUnsafeMutableBufferPointer { FusedActivation.hardSwish.apply(to: $0) }
        let hardSwish = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group,
                                               geometry: g, packed: cache.matrices(for: wt), winograd: cache.winogradMatrices(for: wt),
                                               epilogue: ConvKernel.Epilogue(z: z, hardSwish: true))
        #expect(hardSwish.fused == (c.input.count < 3), "\(c)")
        if hardSwish.fused {
            #expect(closeness(hardSwish.values, wantHardSwish, rtol: 1e-4, atol: 1e-5) <= 1, "HardSwish: \(c)")
        }
    }

    /// The direct small-channel kernel (at most 4 input channels: RGB stems) against the
    /// naive loop: 7x7 and 3x3 stride-2 stems, a partial 8-channel block, a 3x5 kernel
    /// with stride (3, 1), rows wider than 32 outputs and not a
    /// multiple of 16, pads up to the kernel's size (windows wholly in the padding), a
    /// 16-wide kernel; with the residual and clamp, and SiLU, fused; one and two threads;
    /// W dropped (the form serves alone).
    @Test(arguments: [
        Case(n: 2, c: 3, m: 64, group: 1, input: [37, 41], kernel: [7, 7], strides: [2, 2], dilations: [1, 1], pads: [3, 3, 3, 3], bias: true, seed: 131),
        Case(n: 1, c: 3, m: 16, group: 1, input: [30, 29], kernel: [3, 3], strides: [2, 2], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 132),
        Case(n: 1, c: 4, m: 13, group: 1, input: [9, 75], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [0, 1, 2, 0], bias: false, seed: 133),
        Case(n: 2, c: 2, m: 9, group: 1, input: [20, 50], kernel: [3, 5], strides: [3, 1], dilations: [1, 1], pads: [3, 5, 3, 5], bias: true, seed: 134),
        Case(n: 1, c: 2, m: 8, group: 1, input: [12, 40], kernel: [2, 16], strides: [2, 3], dilations: [1, 1], pads: [0, 2, 1, 0], bias: true, seed: 135),
        Case(n: 1, c: 3, m: 5, group: 1, input: [6, 7], kernel: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], bias: true, seed: 136),
    ])
    func smallChannelMatchesNaive(_ c: Case) throws {
        guard FastGemm.available else { return }
        let g = try c.geometry()
        let (x, w, b) = inputs(c, g, Float.self)
        let conv = NaiveConv.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        let wt = Tensor(shape: [c.m, c.c] + c.kernel, floats: w)
        let cache = ConvKernel.PackedWeights()
        cache.prepare(wt, group: 1, winogradEligible: true, unitDilations: true)
        let form = try #require(cache.smallChannelForm(for: wt))
        #expect(cache.matrices(for: wt) == nil && cache.winogradMatrices(for: wt) == nil, "the only form")
        var r = SeededRandom(seed: c.seed &+ 5)
        let z: [Float] = r.values(conv.count)
        let (lo, hi): (Float, Float) = (-0.25, 0.5)
        var wantSiLU = zip(conv, z).map { $0 + $1 }
        wantSiLU.withUnsafeMutableBufferPointer { FusedActivation.silu.apply(to: $0) }
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            let plain = try ConvKernel.forward(x: x, w: [], bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: 1,
                                               geometry: g, smallChannel: form)
            #expect(closeness(plain, conv, rtol: 1e-4, atol: 1e-5) <= 1, "\(threads) threads: \(c)")
            let clamped = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: 1,
                                                 geometry: g, smallChannel: form, epilogue: ConvKernel.Epilogue(z: z, clamp: (lo, hi)))
            #expect(clamped.fused)
            #expect(closeness(clamped.values, zip(conv, z).map { min(hi, max(lo, $0 + $1)) }, rtol: 1e-4, atol: 1e-5) <= 1, "clamp: \(c)")
            let silu = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: 1,
                                              geometry: g, smallChannel: form, epilogue: ConvKernel.Epilogue(z: z, silu: true))
            #expect(silu.fused && closeness(silu.values, wantSiLU, rtol: 1e-4, atol: 1e-5) <= 1, "SiLU: \(c)")
            var wantHardSwish = zip(conv, z).map { $0 + $1 }
            wantHardSwish.withUnsafeMutableBufferPointer { FusedActivation.hardSwish.apply(to: $0) }
            let hardSwish = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: 1,
                                                   geometry: g, smallChannel: form, epilogue: ConvKernel.Epilogue(z: z, hardSwish: true))
            #expect(hardSwish.fused && closeness(hardSwish.values, wantHardSwish, rtol: 1e-4, atol: 1e-5) <= 1, "HardSwish: \(c)")
        }
    }

    /// Which layers get the small-channel form: not with dilations, more than 4 input
    /// channels, groups, a kernel wider than 16, or 1-D; those keep the GEMM form (and one
    /// input channel is depthwise: no packed form).
    @Test func smallChannelEligibility() throws {
        guard FastGemm.available else { return }
        func forms(_ shape: [Int], group: Int = 1, unitDilations: Bool = true) -> (small: Bool, gemm: Bool) {
            let wt = Tensor(shape: shape, floats: (0..<Tensor.elementCount(shape)).map { Float($0 % 7) * 0.1 })
            let cache = ConvKernel.PackedWeights()
            cache.prepare(wt, group: group, unitDilations: unitDilations)
            return (cache.smallChannelForm(for: wt) != nil, cache.matrices(for: wt) != nil)
        }
        #expect(forms([64, 3, 7, 7]) == (true, false))
        #expect(forms([64, 3, 7, 7], unitDilations: false) == (false, true))
        #expect(forms([64, 5, 3, 3]) == (false, true))
        #expect(forms([64, 4, 3, 3], group: 2) == (false, true))
        #expect(forms([8, 3, 1, 17]) == (false, true))
        #expect(forms([8, 3, 5]) == (false, true))
        #expect(forms([8, 1, 3, 3]) == (false, false))
    }

    /// Depthwise float32 with channels in lanes (multiplier 1, at least 8 channels: 16
    /// channels per block, a partial last block), against the naive loop: strides 1-3,
    /// dilation, uneven and zero pads, 7x7 to 300-wide planes (several bands of rows),
    /// batch 2, one and two threads.
    @Test(arguments: [
        Case(n: 2, c: 8, m: 8, group: 8, input: [7, 7], kernel: [5, 5], strides: [1, 1], dilations: [1, 1], pads: [2, 2, 2, 2], bias: true, seed: 121),
        Case(n: 1, c: 37, m: 37, group: 37, input: [15, 17], kernel: [3, 3], strides: [2, 2], dilations: [1, 1], pads: [1, 0, 0, 1], bias: false, seed: 122),
        Case(n: 1, c: 16, m: 16, group: 16, input: [20, 300], kernel: [3, 3], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], bias: true, seed: 123),
        Case(n: 1, c: 33, m: 33, group: 33, input: [14, 13], kernel: [3, 5], strides: [3, 2], dilations: [2, 1], pads: [2, 1, 0, 3], bias: true, seed: 124),
        Case(n: 2, c: 12, m: 12, group: 12, input: [6, 5], kernel: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], bias: true, seed: 125),
    ])
    func depthwiseChannelsInLanesMatchesNaive(_ c: Case) throws {
        let g = try c.geometry()
        let (x, w, b) = inputs(c, g, Float.self)
        let want = NaiveConv.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            let got = try #require(ConvKernel.depthwise2DFloat(x: x, w: w, bias: b, batch: c.n, inChannels: c.c,
                                                               outChannels: c.m, geometry: g))
            #expect(closeness(got, want, rtol: 1e-5, atol: 1e-6) <= 1, "\(threads) threads: \(c)")
        }
    }

    @Test(arguments: cases.prefix(6)) func doubleMatchesNaive(_ c: Case) throws {
        let g = try c.geometry()
        let (x, w, b) = inputs(c, g, Double.self)
        let want = NaiveConv.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        let got = try ConvKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        #expect(closeness(got, want, rtol: 1e-12, atol: 1e-12) <= 1, "\(c)")
    }

    @Test func pathChoice() throws {
        let g3 = try WindowGeometry.forward(input: [5, 5], kernel: [3, 3], strides: nil, dilations: nil, pads: nil, autoPad: .notSet)
        let g1 = try WindowGeometry.forward(input: [5, 5], kernel: [1, 1], strides: nil, dilations: nil, pads: nil, autoPad: .notSet)
        let g4 = try WindowGeometry.forward(input: [2, 2, 2, 2], kernel: [1, 1, 1, 1], strides: nil, dilations: nil, pads: nil, autoPad: .notSet)
        #expect(ConvKernel.path(inChannels: 8, group: 8, geometry: g3) == .depthwise)
        #expect(ConvKernel.path(inChannels: 8, group: 1, geometry: g1) == .pointwise)
        #expect(ConvKernel.path(inChannels: 8, group: 2, geometry: g3) == .im2col)
        #expect(ConvKernel.path(inChannels: 8, group: 1, geometry: g4) == .general)
    }

    @Test func fourSpatialDimsUseGeneralPath() throws {
        let g = try WindowGeometry.forward(input: [2, 3, 2, 3], kernel: [1, 2, 2, 1], strides: nil, dilations: nil, pads: [0, 1, 0, 0, 0, 0, 1, 0], autoPad: .notSet)
        var r = SeededRandom(seed: 9)
        let x: [Float] = r.values(2 * g.inputSize), w: [Float] = r.values(3 * 2 * g.kernelSize)
        let got = try ConvKernel.forward(x: x, w: w, bias: nil, batch: 1, inChannels: 2, outChannels: 3, group: 1, geometry: g)
        #expect(got.count == 3 * g.outputSize)
    }

    @Test func mismatchedBuffersThrow() throws {
        let g = try WindowGeometry.forward(input: [4, 4], kernel: [3, 3], strides: nil, dilations: nil, pads: nil, autoPad: .notSet)
        #expect(throws: RuntimeError.self) {
            try ConvKernel.forward(x: [Float](repeating: 0, count: 15), w: [Float](repeating: 0, count: 9), bias: nil,
                                   batch: 1, inChannels: 1, outChannels: 1, group: 1, geometry: g)
        }
        #expect(throws: RuntimeError.self) {
            try ConvKernel.forward(x: [Float](repeating: 0, count: 32), w: [Float](repeating: 0, count: 18), bias: nil,
                                   batch: 1, inChannels: 2, outChannels: 1, group: 2, geometry: g)
        }
    }
}
