import CKernels
import Foundation
import OnnxFormat

/// Convolution kernels (ONNX Conv semantics, NCHW layout): X [N, C, spatial...],
/// W [M, C/group, kernel...], optional bias [M] -> Y [N, M, output...].
///
/// Paths, chosen by `path(...)`:
/// - `depthwise`: one input channel per group (C/group == 1, includes group == C == M):
///   direct loops whose inner loop runs over a contiguous output row.
/// - `pointwise`: 1x1 kernels, stride 1, no padding: one GEMM per batch and group straight
///   on the input, no copy.
/// - `im2col`: everything else up to 3 spatial dimensions: unfold each group's input into
///   a [C/group * kernel, output] matrix and multiply with BLAS.
/// - `general`: more than 3 spatial dimensions: the naive reference (correct, slow).
///
/// 1-D and 2-D problems run through the 3-D loop nests with leading size-1 dimensions.
/// float32 with weights packed at load (the session's case on AVX-512 CPUs) takes faster
/// routes first: a direct kernel for 2-D layers with at most `smallChannels` input channels
/// (a network's RGB stem, `smallChannelForward`), Winograd F(2x2, 3x3) for 3x3 stride-1
/// layers with enough output tiles,
/// and for every other non-depthwise 1-D/2-D layer the implicit GEMM (`implicitForward`,
/// no im2col buffer); both apply the bias and a fused `Epilogue` as they store tiles.
/// `NaiveConv.forward` is the test oracle.
enum ConvKernel {
    enum Path: Sendable, CaseIterable { case depthwise, pointwise, im2col, general }

    static func path(inChannels c: Int, group: Int, geometry g: WindowGeometry) -> Path {
        if g.rank > 3 { return .general }
        if c / group == 1 { return .depthwise }
        return isPointwise(g) ? .pointwise : .im2col
    }

    /// 1x1 kernel, stride 1, no padding: the output grid is the input grid.
    static func isPointwise(_ g: WindowGeometry) -> Bool {
        g.kernel.allSatisfy({ $0 == 1 }) && g.strides.allSatisfy({ $0 == 1 })
            && g.padsBegin.allSatisfy({ $0 == 0 }) && g.padsEnd.allSatisfy({ $0 == 0 })
    }

    /// Checks that the buffers fit the shapes; the op validated them, this guards the kernel.
    static func check(xCount: Int, wCount: Int, biasCount: Int?, batch n: Int, inChannels c: Int,
                      outChannels m: Int, group: Int, geometry g: WindowGeometry) throws {
        guard group >= 1, c % group == 0, m % group == 0 else {
            throw RuntimeError("group \(group) must divide input channels \(c) and output channels \(m)")
        }
        guard xCount == n * c * g.inputSize, wCount == m * (c / group) * g.kernelSize else {
            throw RuntimeError("convolution buffers do not match their shapes")
        }
        if let b = biasCount, b != m { throw RuntimeError("bias has \(b) elements, expected \(m)") }
        guard g.output.allSatisfy({ $0 >= 0 }) else { throw RuntimeError("negative output size \(g.output)") }
    }

    /// W packed once per group for `FastGemm` (float32 weights on AVX-512 CPUs, GEMM paths).
    final class PackedWeights: @unchecked Sendable {
        private(set) var perGroup: [FastGemm.PackedMatrix] = []
        /// The 16 Winograd F(2x2, 3x3) weight matrices U_k [M, C], packed (3x3 kernels,
        /// one group, when the node's strides and dilations are all 1).
        private(set) var winograd: [FastGemm.PackedMatrix] = []
        /// W in the direct small-channel kernel's layout (`smallChannelEligible` layers),
        /// the only form such a layer gets.
        private(set) var smallChannel: SmallChannelWeights?
        private var identity: UnsafeRawPointer?
        /// Set when the packed forms serve every run on their own (`Conv.prepack`): the
        /// session may then pass W as a placeholder without elements.
        var servesAlone = false
        /// The Winograd form is built from the GEMM form when a run first needs it
        /// (`winogradMatrices(for:batch:...)`): a layer whose batch decides between the
        /// two (resnet18's 7x7 stage: Winograd from batch 3) would otherwise hold 16/9 of
        /// W more (50 MB for resnet18) and transform it at load for batch-1 runs that
        /// never use it.
        private(set) var winogradLater = false
        private let lock = NSLock()

        /// Packs W [M, C/group, k...] as `group` matrices [M/group, C/group * kernel]. Not for
        /// depthwise weights (C/group == 1), which never reach a GEMM. `winogradEligible`:
        /// the node's strides and dilations are all 1, so a 3x3 W also gets its Winograd form.
        /// `unitDilations`: the node's dilations are all 1, so a W with few input channels
        /// gets the small-channel form instead of the others.
        func prepare(_ w: Tensor, group: Int, winogradEligible: Bool = false, direct: Bool = true, winogradLater later: Bool = false,
                     unitDilations: Bool = false) {
            guard FastGemm.available, w.dataType == .float, w.rank >= 3, group >= 1,
                  w.shape[1] > 1, w.shape[0] % group == 0, case .float(let a) = w.storage else { return }
            if unitDilations, ConvKernel.smallChannelEligible(w, group: group), let form = SmallChannelWeights(w) {
                smallChannel = form
                identity = bufferIdentity(w)
                return
            }
            let mg = w.shape[0] / group, rows = w.count / max(w.shape[0], 1)
            guard mg > 0, rows > 0 else { return }
            a.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress else { return }
                if direct {
                    perGroup = (0..<group).map { gi in
                        FastGemm.PackedMatrix(m: mg, k: rows, a: base + gi * mg * rows, lda: rows)
                    }
                }
            }
            a.withUnsafeBufferPointer { pw in
                guard let src = pw.baseAddress else { return }
                prepareWinograd(eligible: winogradEligible, shape: w.shape, group: group, direct: direct, later: later, w: src,
                                gemmForm: nil)
            }
            identity = bufferIdentity(w)
        }

        /// The Winograd form of a 3x3 one-group W when eligible: left for the first run that
        /// takes it when the GEMM form serves until then (`later`), else built now from W or
        /// from its packed GEMM form.
        private func prepareWinograd(eligible: Bool, shape: [Int], group: Int, direct: Bool, later: Bool,
                                     w: UnsafePointer<Float>?, gemmForm: UnsafePointer<Float>?) {
            guard eligible, group == 1, shape.count == 4, shape[2] == 3, shape[3] == 3, w != nil || gemmForm != nil else { return }
            if later, direct, perGroup.count == 1 {
                winogradLater = true
            } else {
                winograd = Self.winogradForm(w, gemmForm: gemmForm, m: shape[0], c: shape[1])
            }
        }

        /// `prepare` for a W still in its external-data file (`FilePackedWeights`): the GEMM
        /// form packed from the file a slice of rows at a time, the Winograd form (when it is
        /// built now) from the GEMM form, so W's elements are never all in memory. False,
        /// with nothing packed, for weights the small-channel form would take (tiny; the
        /// session decodes them) and for anything `prepare` would not pack; throws when a
        /// read fails.
        func prepare(file: ExternalTensorFile, group: Int, winogradEligible: Bool = false, direct: Bool = true,
                     winogradLater later: Bool = false) throws -> Bool {
            let shape = file.shape
            guard FastGemm.available, file.dataType == .float, shape.count >= 3, group >= 1, shape[1] > 4,
                  shape[0] % group == 0 else { return false }
            let m = shape[0], mg = m / group, rows = shape.dropFirst().reduce(1, *)
            guard mg > 0, rows > 0 else { return false }
            // Rows of W (output channels) are contiguous in the file: slices of whole row
            // panels of about 256 KB each.
            let block = FastGemm.rowBlock
            let gemm = try (0..<group).map { gi in
                let pm = FastGemm.PackedMatrix(unfilledM: mg, k: rows)
                try file.forEachRowSlice(firstRow: gi * mg, rows: mg, rowElements: rows, step: max(block, (1 << 16) / rows / block * block)) {
                    r0, count, slice in
                    pk_sgemm_pack_a_rows(mg, rows, r0, count, slice.assumingMemoryBound(to: Float.self), rows, pm.data)
                }
                return pm
            }
            if direct { perGroup = gemm }
            // (The GEMM form must outlive the call when `direct` did not keep it.)
            withExtendedLifetime(gemm) {
                prepareWinograd(eligible: winogradEligible, shape: shape, group: group, direct: direct, later: later, w: nil,
                                gemmForm: gemm.first?.data)
            }
            identity = nil
            return true
        }

        /// The 16 packed U_k of W [M, C, 3, 3], from W itself or (`w` nil) from its packed
        /// GEMM form; [] when scratch memory is short.
        private static func winogradForm(_ w: UnsafePointer<Float>?, gemmForm: UnsafePointer<Float>? = nil,
                                         m: Int, c: Int) -> [FastGemm.PackedMatrix] {
            let u = (0..<16).map { _ in FastGemm.PackedMatrix(unfilledM: m, k: c) }
            let targets: [UnsafeMutablePointer<Float>?] = u.map(\.data)
            let status = targets.withUnsafeBufferPointer { pt in
                guard let base = pt.baseAddress else { return Int32(-1) }
                return pk_winograd_pack_weights(w, gemmForm, m, c, base)
            }
            return status == 0 ? u : []
        }

        /// The Winograd matrices when `w` is the tensor that was packed, else nil.
        func winogradMatrices(for w: Tensor) -> [FastGemm.PackedMatrix]? {
            lock.lock()
            defer { lock.unlock() }
            return form(winograd, for: w)
        }

        /// The Winograd matrices for a run with this batch and geometry: built now from the
        /// GEMM form when they were left for later and this run takes Winograd; nil when
        /// the run does not or `w` is not the packed tensor. Once built they serve every
        /// batch (the forward pass takes the Winograd form at any tile count when it is the
        /// only one: at resnet18's 7x7 stage Winograd over 16 tiles is as fast as the GEMM,
        /// 1.30 against 1.35 ms on one thread) and the GEMM form is dropped:
        /// resnet18 at batch 8 held both forms of its three 512-channel layers, 28 MB more.
        func winogradMatrices(for w: Tensor, batch n: Int, inChannels c: Int, outChannels m: Int,
                              geometry g: WindowGeometry) -> [FastGemm.PackedMatrix]? {
            lock.lock()
            defer { lock.unlock() }
            if winogradLater, winograd.isEmpty, form(perGroup, for: w) != nil, let p = perGroup.first, p.m == m, p.k == 9 * c,
               ConvKernel.winogradApplies(inChannels: c, outChannels: m, group: 1, batch: n, geometry: g) {
                winograd = Self.winogradForm(nil, gemmForm: p.data, m: m, c: c)
                if !winograd.isEmpty { perGroup = [] }
            }
            return form(winograd, for: w)
        }

        /// The small-channel form when `w` is the tensor that was packed, else nil.
        func smallChannelForm(for w: Tensor) -> SmallChannelWeights? {
            guard let f = smallChannel else { return nil }
            if servesAlone { return f }
            guard let id = identity, bufferIdentity(w) == id else { return nil }
            return f
        }

        /// The packed matrices when `w` is the tensor that was packed, else nil.
        func matrices(for w: Tensor) -> [FastGemm.PackedMatrix]? {
            lock.lock()
            defer { lock.unlock() }
            return form(perGroup, for: w)
        }

        /// `packed` when it exists and serves `w`: always once the packed forms serve alone
        /// (W arrives as a placeholder), else only for the very buffer that was packed
        /// (`identity` is set whenever either form was packed).
        private func form(_ packed: [FastGemm.PackedMatrix], for w: Tensor) -> [FastGemm.PackedMatrix]? {
            guard !packed.isEmpty else { return nil }
            if servesAlone { return packed }
            guard let id = identity, bufferIdentity(w) == id else { return nil }
            return packed
        }
    }

    /// The most input channels the direct small-channel kernel takes: its cost does not
    /// depend on C, while the implicit GEMM's gather is amortised over K = C * KH * KW, so
    /// it wins where K is small. Measured on the stems (one thread, microbenchmark): resnet18's
    /// 7x7 stride 2, 64 channels: 0.97 ms against the implicit GEMM's 1.13; mobilenet_v3's
    /// 3x3 stride 2, 16 channels: 0.081 against 0.109; efficientnet_b0's, 32 channels: 0.132
    /// against 0.160.
    static let smallChannels = 4

    /// Whether W [M, C, KH, KW] gets the small-channel form: 2-D, one group, C from 2 to
    /// `smallChannels` (one input channel takes the depthwise path), a kernel at most 16
    /// wide (the kernel's tap table). The node's dilations must be 1 too: the caller
    /// checks those.
    static func smallChannelEligible(_ w: Tensor, group: Int) -> Bool {
        FastGemm.available && w.dataType == .float && w.rank == 4 && group == 1 && w.shape[0] >= 1
            && (2...smallChannels).contains(w.shape[1]) && (1...16).contains(w.shape[3]) && w.shape[2] >= 1
    }

    /// W [M, C, KH, KW] in blocks of 8 output channels, taps outermost
    /// (`pk_conv2d_smallc_pack`).
    final class SmallChannelWeights: @unchecked Sendable {
        let m: Int, c: Int, kh: Int, kw: Int
        let data: UnsafeMutablePointer<Float>

        init?(_ w: Tensor) {
            guard w.rank == 4, case .float(let a) = w.storage, a.count == w.count else { return nil }
            (m, c, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
            data = .allocate(capacity: max(pk_conv2d_smallc_packed_count(m, c, kh, kw), 1))
            let (m, c, kh, kw, data) = (m, c, kh, kw, data)
            a.withUnsafeBufferPointer { p in
                if let base = p.baseAddress { pk_conv2d_smallc_pack(base, m, c, kh, kw, data) }
            }
        }
        deinit { data.deallocate() }
    }

    /// A float32 convolution's fused tail (FusedConv's residual Z and a Relu/Clip/SiLU/HardSwish),
    /// applied by the kernels as they store each output tile: y = act(conv + bias + z).
    struct Epilogue {
        /// Added element by element; Y's shape.
        var z: [Float]?
        /// min(hi, max(lo, v)), a NaN v staying NaN (Relu: 0, +infinity).
        var clamp: (lo: Float, hi: Float)?
        /// x * sigmoid(x), rounded as the SiLU kernel (`pk_unary_f32`) rounds it.
        var silu = false
        /// x * max(0, min(1, x / 6 + 1 / 2)), rounded as the HardSwish kernel rounds it.
        var hardSwish = false

        init(z: [Float]? = nil, clamp: (lo: Float, hi: Float)? = nil, silu: Bool = false, hardSwish: Bool = false) {
            self.z = z
            self.clamp = clamp
            self.silu = silu
            self.hardSwish = hardSwish
        }

        /// The tail for FusedConv's `activation` (one the kernels take: `takes`) after `z`.
        init(z: [Float]?, activation: FusedActivation) {
            self.init(z: z, clamp: activation.clampBounds, silu: activation == .silu, hardSwish: activation == .hardSwish)
        }

        /// Whether the kernels apply `activation` themselves (Relu, Clip, SiLU, HardSwish, or none).
        static func takes(_ activation: FusedActivation) -> Bool {
            activation == .identity || activation.clampBounds != nil || activation == .silu || activation == .hardSwish
        }

        /// pk_epilogue with `bias` and `z` already offset to one image and group.
        func c(bias: UnsafePointer<Float>?, z: UnsafePointer<Float>?, ldz: Int) -> pk_epilogue {
            pk_epilogue(bias: bias, z: z, ldz: ldz, clamp: clamp == nil ? 0 : 1, lo: clamp?.lo ?? 0, hi: clamp?.hi ?? 0,
                        silu: silu ? 1 : 0, hardswish: hardSwish ? 1 : 0)
        }
    }

    /// Y = conv(X, W) + bias. `path` overrides the automatic choice (tests use it to run
    /// every path on the same problem); a path that cannot serve the problem falls back.
    static func forward<T: GemmScalar>(x: [T], w: [T], bias: [T]?, batch n: Int, inChannels c: Int,
                                       outChannels m: Int, group: Int, geometry g: WindowGeometry,
                                       path forced: Path? = nil, packed: [FastGemm.PackedMatrix]? = nil,
                                       winograd: [FastGemm.PackedMatrix]? = nil, smallChannel: SmallChannelWeights? = nil) throws -> [T] {
        try forward(x: x, w: w, bias: bias, batch: n, inChannels: c, outChannels: m, group: group, geometry: g,
                    path: forced, packed: packed, winograd: winograd, smallChannel: smallChannel, epilogue: nil).values
    }

    /// `forward` with a fused tail: `fused` tells whether the kernels applied `epilogue`
    /// (float32 on the prepacked GEMM and Winograd paths); when false the caller applies it.
    static func forward<T: GemmScalar>(x: [T], w: [T], bias: [T]?, batch n: Int, inChannels c: Int,
                                       outChannels m: Int, group: Int, geometry g: WindowGeometry,
                                       path forced: Path? = nil, packed: [FastGemm.PackedMatrix]? = nil,
                                       winograd: [FastGemm.PackedMatrix]? = nil, smallChannel: SmallChannelWeights? = nil,
                                       epilogue: Epilogue?) throws -> (values: [T], fused: Bool) {
        // W without elements: the session dropped them because the packed forms serve every
        // run (`Conv.prepack`); the packed paths must then succeed or the run fails.
        let wCount = m * (c / max(group, 1)) * g.kernelSize
        let weightsDropped = w.isEmpty && (packed != nil || winograd != nil || smallChannel != nil) && wCount > 0
        try check(xCount: x.count, wCount: weightsDropped ? wCount : w.count,
                  biasCount: bias?.count, batch: n, inChannels: c, outChannels: m, group: group, geometry: g)
        // Nothing to compute (batch 0 or an empty output): no path is needed, W may be a
        // placeholder served by a Winograd form that a batch of 0 would not take.
        if n * m * g.outputSize == 0 { return ([], true) }
        let auto = path(inChannels: c, group: group, geometry: g)
        var p = forced ?? auto
        if g.rank > 3 { p = .general }
        if p == .depthwise && c / group != 1 { p = auto }
        if p == .pointwise && !isPointwise(g) { p = auto }
        if p == .general {
            return (NaiveConv.forward(x: x, w: w, bias: bias, batch: n, inChannels: c, outChannels: m, group: group, geometry: g), false)
        }
        let outSize = g.outputSize
        // A residual of the wrong size is not fused: the caller reports it.
        var epilogue = epilogue
        if let z = epilogue?.z, z.count != n * m * outSize { epilogue = nil }
        if forced == nil, T.self == Float.self, let sc = smallChannel,
           let y = smallChannelForward(x: x, bias: bias, batch: n, inChannels: c, outChannels: m, group: group, geometry: g,
                                       weights: sc, epilogue: epilogue) as [T]? {
            return (y, true)
        }
        if forced == nil, T.self == Float.self, let u = winograd,
           let y = winograd2D(x: x, bias: bias, batch: n, inChannels: c, outChannels: m, group: group, geometry: g, u: u,
                              epilogue: epilogue, onlyForm: packed == nil) {
            return (y, true)
        }
        if p == .depthwise, T.self == Float.self, let y = depthwise2DFloat(x: x, w: w, bias: bias, batch: n, inChannels: c,
                                                                            outChannels: m, geometry: g, epilogue: epilogue) {
            return (y, epilogue != nil)
        }
        let g3 = g.padded3()
        let cg = c / group, mg = m / group
        let inSize = g.inputSize, kSize = g.kernelSize
        // Packed weights serve float32 only, and only when they match this problem.
        let packedF: [FastGemm.PackedMatrix]? = T.self == Float.self
            ? packed.flatMap { p in p.count == group && p.allSatisfy({ $0.m == mg && $0.k == cg * kSize }) ? p : nil } : nil
        // Prepacked float32 weights: every path but depthwise runs on the implicit GEMM
        // (1x1 stride-1 kernels included: their "gather" is a plain load), bias and
        // epilogue applied as tiles are stored.
        if let packedF, p != .depthwise,
           let y = implicitForward(x: x, bias: bias, batch: n, inChannels: c, outChannels: m, group: group, g3: g3,
                                   packed: packedF, epilogue: epilogue) as [T]? {
            return (y, true)
        }
        if weightsDropped {
            throw RuntimeError("the convolution's packed weights do not serve this problem (out of memory for its scratch buffers?)")
        }
        var y = initialOutput(bias: bias, batch: n, channels: m, planeSize: outSize)
        if y.isEmpty { return (y, false) }
        let beta: T = bias == nil ? 0 : 1
        /// One group's product y_g (+)= W_g * B, B being [cg * kSize, outSize] (the input for
        /// 1x1 kernels, the unfolded columns otherwise).
        func product(_ gi: Int, _ wb: UnsafePointer<T>, _ bm: UnsafePointer<T>, _ yg: UnsafeMutablePointer<T>) throws {
            let rows = cg * kSize
            if let pm = packedF?[gi] {
                FastGemm.run(packed: pm, n: outSize, b: UnsafeRawPointer(bm).assumingMemoryBound(to: Float.self), ldb: outSize,
                             beta: Float(beta), c: UnsafeMutableRawPointer(yg).assumingMemoryBound(to: Float.self), ldc: outSize)
            } else {
                try GemmKernel.run(m: mg, n: outSize, k: rows, a: wb + gi * mg * rows, lda: rows,
                                   b: bm, ldb: outSize, beta: beta, c: yg, ldc: outSize)
            }
        }
        try x.withUnsafeBufferPointer { px in try w.withUnsafeBufferPointer { pw in try y.withUnsafeMutableBufferPointer { py in
            guard let xb = px.baseAddress, let wb = pw.baseAddress, let yb = py.baseAddress else { return }
            switch p {
            case .depthwise:
                depthwise3D(x: xb, w: wb, y: yb, batch: n, inChannels: c, outChannels: m, group: group, g: g3)
            case .pointwise:
                for b in 0..<n {
                    for gi in 0..<group {
                        try product(gi, wb, xb + (b * c + gi * cg) * inSize, yb + (b * m + gi * mg) * outSize)
                    }
                }
            case .im2col, .general:
                let rows = cg * kSize
                // im2col writes every element, so the buffer needs no zero fill.
                let cb = UnsafeMutablePointer<T>.allocate(capacity: max(rows * outSize, 1))
                defer { cb.deallocate() }
                for b in 0..<n {
                    for gi in 0..<group {
                        im2colParallel(x: xb + (b * c + gi * cg) * inSize, channels: cg, g: g3, col: cb)
                        try product(gi, wb, cb, yb + (b * m + gi * mg) * outSize)
                    }
                }
            }
        } } }
        return (y, false)
    }

    /// The output buffer [N, M, plane] before accumulation: each channel's plane filled with
    /// its bias (zeros without one), so the GEMMs can add onto it with beta 1.
    static func initialOutput<T: Numeric>(bias: [T]?, batch n: Int, channels m: Int, planeSize: Int) -> [T] {
        guard let bias, bias.count >= m else { return [T](repeating: 0, count: n * m * planeSize) }
        return [T](unsafeUninitializedCapacity: n * m * planeSize) { py, initialized in
            if let base = py.baseAddress {
                for b in 0..<n { for ch in 0..<m {
                    (base + (b * m + ch) * planeSize).initialize(repeating: bias[ch], count: planeSize)
                } }
            }
            initialized = n * m * planeSize
        }
    }

    /// Whether `sc` is the small-channel form of this problem: 2-D, one group, no dilation,
    /// W's sizes.
    static func smallChannelServes(_ sc: SmallChannelWeights, inChannels c: Int, outChannels m: Int, group: Int,
                                   geometry g: WindowGeometry) -> Bool {
        g.rank == 2 && group == 1 && sc.c == c && sc.m == m && sc.kh == g.kernel[0] && sc.kw == g.kernel[1]
            && g.dilations.allSatisfy({ $0 == 1 })
    }

    /// The small-channel kernels' loop over images, shared by `smallChannelForward` and
    /// `smallChannelMaxPool`: each image of `x` is rewritten into the kernel's padded,
    /// stride-phase-split rows (`pk_conv2d_smallc_input`, channels split across threads),
    /// then `kernel(image, rows, part)` runs over `items` split across `ComputeThreads`
    /// (tiny layers on one thread: a split costs about a microsecond). False when a call
    /// failed or the scratch size is out of range.
    private static func smallChannelImages(x: UnsafePointer<Float>, batch n: Int, inChannels c: Int, outChannels m: Int,
                                           geometry g: WindowGeometry, weights sc: SmallChannelWeights, items: Int,
                                           _ kernel: (_ image: Int, _ rows: UnsafePointer<Float>, _ part: Swift.Range<Int>) -> Int32) -> Bool {
        let (H, W, OH, OW) = (g.input[0], g.input[1], g.output[0], g.output[1])
        let (sh, sw, ph, pw) = (g.strides[0], g.strides[1], g.padsBegin[0], g.padsBegin[1])
        let scratch = pk_conv2d_smallc_input_count(c, sc.kh, sc.kw, sh, sw, OH, OW)
        guard scratch > 0 else { return false }
        let buf = UnsafeMutablePointer<Float>.allocate(capacity: scratch)
        defer { buf.deallocate() }
        let parts = m * OH * OW * c * sc.kh * sc.kw < 1 << 16 ? 1 : min(ComputeThreads.current, items)
        let rows = UncheckedSendable(buf)
        return (0..<n).allSatisfy { b in
            let image = UncheckedSendable(x + b * c * H * W)
            let prepared = ComputeThreads.parallelRangesSucceed(c, parts: min(parts, c)) { r in
                pk_conv2d_smallc_input(image.value, c, H, W, sc.kh, sc.kw, sh, sw, ph, pw, OH, OW, r.lowerBound, r.upperBound, rows.value)
            }
            return prepared && ComputeThreads.parallelRangesSucceed(items, parts: parts) { r in kernel(b, rows.value, r) }
        }
    }

    /// float32 2-D convolution on the direct small-channel kernel (`pk_conv2d_smallc`): per
    /// image the input is rewritten as padded, stride-phase-split rows, then (8-channel
    /// block, output row) items are split across `ComputeThreads`, bias and `epilogue`
    /// applied as rows are stored. nil when the problem is not the form's (shape, group,
    /// dilation) or the kernel declines (no scratch memory).
    static func smallChannelForward<T>(x: [T], bias: [T]?, batch n: Int, inChannels c: Int, outChannels m: Int, group: Int,
                                       geometry g: WindowGeometry, weights sc: SmallChannelWeights, epilogue: Epilogue?) -> [T]? {
        guard T.self == Float.self, smallChannelServes(sc, inChannels: c, outChannels: m, group: group, geometry: g) else { return nil }
        let (OH, OW) = (g.output[0], g.output[1])
        let outSize = OH * OW
        var done = false
        let y = [T](unsafeUninitializedCapacity: n * m * outSize) { out, initialized in
            initialized = n * m * outSize
            guard let ys = FloatBuffers.mutable(out).map(UncheckedSendable.init) else { done = n * m * outSize == 0; return }
            done = FloatBuffers.with(x) { xr in FloatBuffers.with(optional: bias) { br in FloatBuffers.with(optional: epilogue?.z) { zr in
                guard let xf = xr else { return false }
                let tail = epilogue ?? Epilogue()
                let w = UncheckedSendable(UnsafePointer(sc.data))
                let (sh, sw, kh, kw) = (g.strides[0], g.strides[1], sc.kh, sc.kw)
                return smallChannelImages(x: xf, batch: n, inChannels: c, outChannels: m, geometry: g, weights: sc,
                                          items: (m + 7) / 8 * OH) { (b: Int, rows: UnsafePointer<Float>, r: Swift.Range<Int>) -> Int32 in
                    var ep = tail.c(bias: br, z: zr.map { $0 + b * m * outSize }, ldz: outSize)
                    let image = ys.value + b * m * outSize
                    return pk_conv2d_smallc(rows, c, kh, kw, sh, sw, OH, OW, w.value, m, r.lowerBound, r.upperBound, image, &ep)
                }
            } } }
        }
        return done ? y : nil
    }

    /// `smallChannelForward` followed by a 2-D max pooling on `pool` (the pooling geometry
    /// over the convolution's output; no dilation, column stride at most 2), in one pass
    /// (`pk_conv2d_smallc_maxpool`): the convolution's output is never stored. `epilogue`
    /// may clamp or apply SiLU, not add a residual. Returns Y [N, M, pooled...], or nil when
    /// the problem is not the kernel's (the caller then runs the two steps).
    static func smallChannelMaxPool(x: [Float], bias: [Float]?, batch n: Int, inChannels c: Int, outChannels m: Int,
                                    geometry g: WindowGeometry, weights sc: SmallChannelWeights, epilogue: Epilogue?,
                                    pool pg: WindowGeometry) -> [Float]? {
        guard smallChannelServes(sc, inChannels: c, outChannels: m, group: 1, geometry: g), epilogue?.z == nil,
              pg.rank == 2, pg.input == g.output, pg.dilations.allSatisfy({ $0 == 1 }), (1...2).contains(pg.strides[1]),
              pg.padsBegin.allSatisfy({ $0 >= 0 }), x.count == n * c * g.inputSize, bias.map({ $0.count == m }) ?? true
        else { return nil }
        let (OH, OW, POH, POW) = (g.output[0], g.output[1], pg.output[0], pg.output[1])
        let outSize = POH * POW
        guard OH > 0, OW > 0, outSize > 0, n > 0 else { return nil }
        var done = false
        let y = [Float](unsafeUninitializedCapacity: n * m * outSize) { out, initialized in
            initialized = n * m * outSize
            guard let ys = out.baseAddress.map(UncheckedSendable.init) else { return }
            done = x.withUnsafeBufferPointer { xr in FloatBuffers.with(optional: bias) { br in
                guard let xf = xr.baseAddress else { return false }
                let w = UncheckedSendable(UnsafePointer(sc.data))
                let tail = (epilogue ?? Epilogue()).c(bias: br, z: nil, ldz: 0)
                let (sh, sw, kh, kw) = (g.strides[0], g.strides[1], sc.kh, sc.kw)
                let (pkh, pkw, psh, psw) = (pg.kernel[0], pg.kernel[1], pg.strides[0], pg.strides[1])
                let (pph, ppw) = (pg.padsBegin[0], pg.padsBegin[1])
                return smallChannelImages(x: xf, batch: n, inChannels: c, outChannels: m, geometry: g, weights: sc,
                                          items: (m + 7) / 8 * POH) { (b: Int, rows: UnsafePointer<Float>, r: Swift.Range<Int>) -> Int32 in
                    var ep = tail
                    let image = ys.value + b * m * outSize
                    return pk_conv2d_smallc_maxpool(rows, c, kh, kw, sh, sw, OH, OW, w.value, m, &ep, pkh, pkw, psh, psw, pph, ppw,
                                                    POH, POW, r.lowerBound, r.upperBound, image)
                }
            } }
        }
        return done ? y : nil
    }

    /// float32 convolution on prepacked weights through `pk_conv2d_prepacked` (implicit
    /// GEMM: B gathered straight from the image, no im2col buffer), bias and `epilogue`
    /// applied as tiles are stored. 1-D/2-D problems (`g3` has depth 1); nil otherwise or
    /// when the kernel declines (sizes past 32-bit indices, no packing memory).
    static func implicitForward<T>(x: [T], bias: [T]?, batch n: Int, inChannels c: Int, outChannels m: Int, group: Int,
                                   g3: WindowGeometry, packed: [FastGemm.PackedMatrix], epilogue: Epilogue?) -> [T]? {
        guard T.self == Float.self, g3.input[0] == 1, g3.kernel[0] == 1, g3.padsBegin[0] == 0, packed.count == group else { return nil }
        let cg = c / group, mg = m / group, inSize = g3.inputSize, outSize = g3.outputSize
        // A 1x1 kernel with a stride and no padding reads every s-th pixel of each plane:
        // gathered into column panels straight from the image, 16 pixels from each of K
        // planes at a time, those loads missed the caches once the image had left L2
        // (resnet18's downsampling convolutions at batch 8: 0.25-0.38 ms per image against
        // 0.10 at batch 1). With several images, each is subsampled first into
        // [C, OH * OW], which the product then reads in place as a stride-1 1x1
        // convolution: at batch 8 their three layers took 2.00, 3.06 and 1.11 ms, now 1.57,
        // 2.73 and 0.99 on one thread. A single image is still in L2 when the layer runs
        // (its producer just wrote it), and there the copy cost more than it saved (0.09-0.11
        // -> 0.12-0.15 ms).
        let strided1x1 = n > 1 && g3.kernel.allSatisfy { $0 == 1 } && g3.padsBegin.allSatisfy { $0 == 0 }
            && g3.strides.contains { $0 > 1 }
        let flat = WindowGeometry(input: g3.output, kernel: [1, 1, 1], strides: [1, 1, 1], dilations: [1, 1, 1],
                                  padsBegin: [0, 0, 0], padsEnd: [0, 0, 0], output: g3.output)
        let subsampled: UnsafeMutablePointer<Float>? = strided1x1 ? .allocate(capacity: max(c * outSize, 1)) : nil
        defer { subsampled?.deallocate() }
        var done = false
        let y = [T](unsafeUninitializedCapacity: n * m * outSize) { out, initialized in
            initialized = n * m * outSize
            guard let yf = FloatBuffers.mutable(out) else { done = n * m * outSize == 0; return }
            done = FloatBuffers.with(x) { xr in FloatBuffers.with(optional: bias) { br in FloatBuffers.with(optional: epilogue?.z) { zr in
                guard let xf = xr else { return false }
                let tail = epilogue ?? Epilogue()
                for b in 0..<n {
                    var image = xf + b * c * inSize, g = g3, plane = inSize
                    if let sub = subsampled {
                        let (src, dst) = (UncheckedSendable(image), UncheckedSendable(sub))
                        let (H, W, OH, OW) = (g3.input[1], g3.input[2], g3.output[1], g3.output[2])
                        let (sh, sw) = (g3.strides[1], g3.strides[2])
                        ComputeThreads.parallelRanges(c, parts: c * outSize < 1 << 15 ? 1 : ComputeThreads.current) { r in
                            pk_subsample2d(src.value, H, W, sh, sw, OH, OW, r.lowerBound, r.upperBound, dst.value)
                        }
                        (image, g, plane) = (UnsafePointer(sub), flat, outSize)
                    }
                    for gi in 0..<group {
                        var ep = tail.c(bias: br.map { $0 + gi * mg }, z: zr.map { $0 + (b * m + gi * mg) * outSize }, ldz: outSize)
                        guard implicitGemm2D(x: image + gi * cg * plane, channels: cg, g: g, packed: packed[gi],
                                             y: yf + (b * m + gi * mg) * outSize, epilogue: &ep) else { return false }
                    }
                }
                return true
            } } }
        }
        return done ? y : nil
    }

    /// One image and group through `pk_conv2d_prepacked` on `g`, a 3-D geometry with depth
    /// 1: y [M/group, OH*OW] = W_g * unfold(x), then the epilogue. Split like a GEMM.
    /// False when the kernel declined.
    static func implicitGemm2D(x: UnsafePointer<Float>, channels: Int, g: WindowGeometry, packed pm: FastGemm.PackedMatrix,
                               y: UnsafeMutablePointer<Float>, epilogue: UnsafePointer<pk_epilogue>) -> Bool {
        let (H, W, OH, OW) = (g.input[1], g.input[2], g.output[1], g.output[2])
        let (KH, KW) = (g.kernel[1], g.kernel[2])
        guard pm.k == channels * KH * KW else { return false }
        let ep = UncheckedSendable(epilogue)
        return FastGemm.forEachPartSucceed(m: pm.m, n: OH * OW, k: pm.k, rowBlock: FastGemm.rowBlock) { r0, rows, c0, cols in
            pk_conv2d_prepacked(x, channels, H, W, KH, KW, g.strides[1], g.strides[2], g.padsBegin[1], g.padsBegin[2],
                                g.dilations[1], g.dilations[2], OH, OW, pm.m, r0, rows, pm.data, c0, cols, 0, y, OH * OW, ep.value)
        }
    }

    /// `im2col3D` split by channel across `ComputeThreads` (each part writes its own rows).
    static func im2colParallel<T: BinaryFloatingPoint>(x: UnsafePointer<T>, channels: Int, g: WindowGeometry, col: UnsafeMutablePointer<T>) {
        let threads = min(ComputeThreads.current, channels)
        if threads <= 1 || channels * g.kernelSize * g.outputSize < 1 << 15 {
            im2col3D(x: x, channels: channels, g: g, col: col)
            return
        }
        let planeIn = g.inputSize, rowsPerChannel = g.kernelSize * g.outputSize
        let xs = UncheckedSendable(x), cs = UncheckedSendable(col)
        ComputeThreads.parallelRanges(channels, parts: threads) { r in
            im2col3D(x: xs.value + r.lowerBound * planeIn, channels: r.count, g: g, col: cs.value + r.lowerBound * rowsPerChannel)
        }
    }

    /// Unfolds `channels` input planes (3-D geometry) into col[(c, kd, kh, kw), (od, oh, ow)],
    /// writing zeros where a tap falls in the padding.
    static func im2col3D<T: BinaryFloatingPoint>(x: UnsafePointer<T>, channels: Int, g: WindowGeometry, col: UnsafeMutablePointer<T>) {
        let (D, H, W) = (g.input[0], g.input[1], g.input[2])
        let (KD, KH, KW) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (OD, OH, OW) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.strides[0], g.strides[1], g.strides[2])
        let (dd, dh, dw) = (g.dilations[0], g.dilations[1], g.dilations[2])
        let (pd, ph, pw) = (g.padsBegin[0], g.padsBegin[1], g.padsBegin[2])
        let outSize = OD * OH * OW
        var row = 0
        for ch in 0..<channels {
            let plane = x + ch * D * H * W
            for kd in 0..<KD { for kh in 0..<KH { for kw in 0..<KW {
                let dst = col + row * outSize
                row += 1
                let off = kw * dw - pw
                let (lo, hi) = WindowGeometry.validOutputs(offset: off, stride: sw, size: W, count: OW)
                for od in 0..<OD {
                    let id = od * sd - pd + kd * dd
                    for oh in 0..<OH {
                        let drow = dst + (od * OH + oh) * OW
                        let ih = oh * sh - ph + kh * dh
                        if id < 0 || id >= D || ih < 0 || ih >= H {
                            drow.update(repeating: 0, count: OW)
                            continue
                        }
                        let srow = plane + (id * H + ih) * W
                        if lo > 0 { drow.update(repeating: 0, count: lo) }
                        if sw == 1 {
                            if hi > lo { drow.advanced(by: lo).update(from: srow + (lo + off), count: hi - lo) }
                        } else {
                            var ow = lo
                            while ow < hi { drow[ow] = srow[ow * sw + off]; ow += 1 }
                        }
                        if hi < OW { drow.advanced(by: hi).update(repeating: 0, count: OW - hi) }
                    }
                }
            } } }
        }
    }

    /// Whether Winograd F(2x2, 3x3) serves this problem and pays off: 3x3, stride 1, no
    /// dilation, one group, equal leading pads, and enough 2x2 output tiles (with few tiles
    /// its 16 GEMMs are too narrow to beat one direct GEMM).
    static func winogradApplies(inChannels c: Int, outChannels m: Int, group: Int, batch n: Int, geometry g: WindowGeometry) -> Bool {
        guard winogradServes(inChannels: c, outChannels: m, group: group, geometry: g) else { return false }
        let tiles = n * ((g.output[0] + 1) / 2) * ((g.output[1] + 1) / 2)
        return tiles >= 48
    }

    /// Whether the Winograd kernels can compute this problem at all (any number of tiles).
    static func winogradServes(inChannels c: Int, outChannels m: Int, group: Int, geometry g: WindowGeometry) -> Bool {
        g.rank == 2 && group == 1 && g.kernel == [3, 3] && g.strides == [1, 1] && g.dilations == [1, 1]
            && g.padsBegin[0] == g.padsBegin[1] && c >= 8 && m >= 8
    }

    /// float32 Winograd F(2x2, 3x3) (`Sources/CKernels/winograd.c`) in blocks of tile rows:
    /// each block's input transform, 16 products with the packed U_k and output transform
    /// (bias and epilogue added) run back to back on one thread, so its V and products
    /// (16 x (C + M) floats per tile) stay in L2 instead of streaming through memory: with
    /// all tiles at once, resnet18's first stage at batch 8 moved 2 x 26 MB per
    /// convolution and ran at half the speed of batch 1. Threads take whole blocks. Nil
    /// when it does not apply or scratch memory is short.
    /// `onlyForm`: Winograd is the only packed form there is, so it serves any number of
    /// tiles.
    static func winograd2D<T>(x: [T], bias: [T]?, batch n: Int, inChannels c: Int, outChannels m: Int, group: Int,
                              geometry g: WindowGeometry, u: [FastGemm.PackedMatrix], epilogue: Epilogue? = nil,
                              onlyForm: Bool = false) -> [T]? {
        guard u.count == 16, u.allSatisfy({ $0.m == m && $0.k == c }),
              onlyForm ? winogradServes(inChannels: c, outChannels: m, group: group, geometry: g)
                       : winogradApplies(inChannels: c, outChannels: m, group: group, batch: n, geometry: g) else { return nil }
        let (H, W, OH, OW) = (g.input[0], g.input[1], g.output[0], g.output[1])
        let tilesH = (OH + 1) / 2, tilesW = (OW + 1) / 2
        let threads = max(1, ComputeThreads.current)
        // ~1.5 MB of V and products per block, but at least 96 tiles (three column tiles
        // of the GEMM), and enough blocks for every thread. A block is a run of tile rows of
        // one image, or, when an image has fewer tiles than that (resnet18's last stage:
        // 16 per image), several whole images (16-column products ran 1.4x slower).
        let targetTiles = max(96, (3 << 17) / (16 * (c + m)))
        let tilesPerImage = tilesH * tilesW
        var rows = min(tilesH, max(1, (targetTiles + tilesW - 1) / tilesW))
        var images = 1
        if tilesPerImage < targetTiles {
            images = min((targetTiles + tilesPerImage - 1) / tilesPerImage, max(1, (n + threads - 1) / threads))
        } else {
            let perImage = (threads + n - 1) / n
            if n * ((tilesH + rows - 1) / rows) < threads { rows = max(1, (tilesH + perImage - 1) / perImage) }
        }
        let blocksPerImage = images > 1 ? 1 : (tilesH + rows - 1) / rows
        let blocks = images > 1 ? (n + images - 1) / images : n * blocksPerImage
        let parts = min(threads, blocks)
        let blockTiles = images > 1 ? images * tilesPerImage : rows * tilesW
        let vCount = 16 * c * blockTiles, pCount = 16 * m * blockTiles
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: parts * (vCount + pCount))
        defer { scratch.deallocate() }
        let status = UnsafeMutablePointer<Int32>.allocate(capacity: parts)
        defer { status.deallocate() }
        status.initialize(repeating: 0, count: parts)
        let (ss, st, us) = (UncheckedSendable(scratch), UncheckedSendable(status), UncheckedSendable(u))
        let pad = g.padsBegin[0]
        let y = [T](unsafeUninitializedCapacity: n * m * OH * OW) { out, initialized in
            initialized = n * m * OH * OW
            guard let ys = FloatBuffers.mutable(out).map(UncheckedSendable.init) else { status[0] = 1; return }
            FloatBuffers.with(x) { xr in FloatBuffers.with(optional: bias) { b in FloatBuffers.with(optional: epilogue?.z) { z in
                guard let xs = xr.map(UncheckedSendable.init) else { st.value[0] = 1; return }
                let bs = UncheckedSendable(b), zs = UncheckedSendable(z), tail = epilogue ?? Epilogue()
                // Block `block`: `count` images from `image` on, tile rows th0 ..< th0 + r of each.
                func extent(_ block: Int) -> (image: Int, count: Int, th0: Int, r: Int, tiles: Int) {
                    let image = images > 1 ? block * images : block / blocksPerImage
                    let count = images > 1 ? min(images, n - image) : 1
                    let th0 = images > 1 ? 0 : (block % blocksPerImage) * rows
                    let r = images > 1 ? tilesH : min(rows, tilesH - th0)
                    return (image, count, th0, r, count * r * tilesW)
                }
                if parts >= threads {
                    ComputeThreads.parallel(parts) { t in
                        let v = ss.value + t * (vCount + pCount), prod = v + vCount
                        for block in stride(from: t, to: blocks, by: parts) {
                            let (image, count, th0, r, tiles) = extent(block)
                            let xi = xs.value + image * c * H * W
                            guard pk_winograd_input(xi, count, c, H, W, pad, th0, r, tilesW, v, 0, c) == 0 else { st.value[t] = 1; return }
                            for k in 0..<16 {
                                let pm = us.value[k]
                                pk_sgemm_prepacked(pm.m, 0, pm.m, tiles, pm.k, pm.data, 0, v + k * c * tiles, tiles, 0,
                                                   prod + k * m * tiles, tiles)
                            }
                            var ep = tail.c(bias: nil, z: zs.value.map { $0 + image * m * OH * OW }, ldz: OH * OW)
                            guard pk_winograd_output(prod, count, m, th0, r, tilesW, bs.value, ys.value + image * m * OH * OW,
                                                     OH, OW, 0, m, &ep) == 0 else { st.value[t] = 1; return }
                        }
                    }
                    return
                }
                // Fewer blocks than threads (resnet18's 14x14 and 7x7 stages at batch 1: one
                // block): all threads work on each block in turn, the input transform split
                // by channels, the 16 products by k, the output transform by output channels.
                // (With whole blocks per thread, two threads ran these layers no faster than one.)
                let v = scratch, prod = v + vCount
                let (vs, ps) = (UncheckedSendable(v), UncheckedSendable(prod))
                for block in 0..<blocks {
                    let (image, count, th0, r, tiles) = extent(block)
                    let xi = UncheckedSendable(xs.value + image * c * H * W)
                    ComputeThreads.parallel(min(threads, c)) { t in
                        let per = (c + min(threads, c) - 1) / min(threads, c), c0 = t * per, c1 = min(c, c0 + per)
                        // V is laid out [16][C][tiles] for the whole block whatever the range.
                        if c0 < c1, pk_winograd_input(xi.value, count, c, H, W, pad, th0, r, tilesW, vs.value, c0, c1) != 0 {
                            st.value[0] = 1
                        }
                    }
                    ComputeThreads.parallel(threads) { t in
                        for k in stride(from: t, to: 16, by: threads) {
                            let pm = us.value[k]
                            pk_sgemm_prepacked(pm.m, 0, pm.m, tiles, pm.k, pm.data, 0, vs.value + k * c * tiles, tiles, 0,
                                               ps.value + k * m * tiles, tiles)
                        }
                    }
                    let outParts = min(threads, m)
                    ComputeThreads.parallel(outParts) { t in
                        let per = (m + outParts - 1) / outParts, m0 = t * per, m1 = min(m, m0 + per)
                        var ep = tail.c(bias: nil, z: zs.value.map { $0 + image * m * OH * OW }, ldz: OH * OW)
                        if m0 < m1, pk_winograd_output(ps.value, count, m, th0, r, tilesW, bs.value, ys.value + image * m * OH * OW,
                                                       OH, OW, m0, m1, &ep) != 0 {
                            st.value[0] = 1
                        }
                    }
                }
            } } }
        }
        return (0..<parts).allSatisfy({ status[$0] == 0 }) ? y : nil
    }

    /// Depthwise float32 convolution of 1-D/2-D problems on the C kernel (`pk_depthwise2d`),
    /// channels split across `ComputeThreads`; nil for other geometries (the generic loop
    /// serves them).
    static func depthwise2DFloat<T>(x: [T], w: [T], bias: [T]?, batch n: Int, inChannels c: Int,
                                    outChannels m: Int, geometry g: WindowGeometry, epilogue: Epilogue? = nil) -> [T]? {
        let g3 = g.padded3()
        guard g3.input[0] == 1, g3.kernel[0] == 1, g3.padsBegin[0] == 0, g3.strides[0] == 1, c > 0, m % c == 0 else { return nil }
        let (H, W, OH, OW) = (g3.input[1], g3.input[2], g3.output[1], g3.output[2])
        let (KH, KW) = (g3.kernel[1], g3.kernel[2])
        let mult = m / c, inSize = H * W, outSize = OH * OW
        // A split costs about a microsecond: only tiny layers stay on one thread.
        let threads = c * mult * outSize * KH * KW < 1 << 15 ? 1 : ComputeThreads.current
        var done = false
        let y = [T](unsafeUninitializedCapacity: n * m * outSize) { out, initialized in
            initialized = n * m * outSize
            guard let ys = FloatBuffers.mutable(out).map(UncheckedSendable.init) else { return }
            done = FloatBuffers.with(x) { xr in FloatBuffers.with(w) { wr in FloatBuffers.with(optional: bias) { br in
              FloatBuffers.with(optional: epilogue?.z) { zr in
                guard let xs = xr.map(UncheckedSendable.init), let ws = wr.map(UncheckedSendable.init) else { return false }
                let (bs, zs) = (UncheckedSendable(br), UncheckedSendable(zr))
                let tail = epilogue ?? Epilogue()
                return (0..<n).allSatisfy { b in
                    // Channels in blocks of 16 per thread where possible (the kernel's lane width).
                    let blocks = (c + 15) / 16, parts = min(threads, mult == 1 ? blocks : c)
                    let per = mult == 1 ? (blocks + parts - 1) / parts * 16 : (c + parts - 1) / parts
                    return ComputeThreads.parallelRangesSucceed(parts, parts: parts) { pr in
                        let c0 = pr.lowerBound * per, c1 = min(c, c0 + per)
                        guard c1 > c0 else { return 0 }
                        var ep = tail.c(bias: nil, z: nil, ldz: 0)   // z is passed on its own
                        let at = (b * m + c0 * mult) * outSize
                        return withUnsafePointer(to: &ep) { epp in
                            pk_depthwise2d_ep(xs.value + (b * c + c0) * inSize, ws.value + c0 * mult * KH * KW,
                                              bs.value.map { $0 + c0 * mult }, ys.value + at,
                                              c1 - c0, mult, H, W, OH, OW, KH, KW, g3.strides[1], g3.strides[2],
                                              g3.padsBegin[1], g3.padsBegin[2], g3.dilations[1], g3.dilations[2],
                                              epilogue == nil ? nil : epp, zs.value.map { $0 + at })
                        }
                    }
                }
              } } } }
        }
        // Out of memory for a scratch plane: the generic loop needs none.
        return done ? y : nil
    }

    /// Direct convolution for one input channel per group; y already holds the bias.
    static func depthwise3D<T: BinaryFloatingPoint>(x: UnsafePointer<T>, w: UnsafePointer<T>, y: UnsafeMutablePointer<T>,
                                                    batch n: Int, inChannels c: Int, outChannels m: Int, group: Int, g: WindowGeometry) {
        let (D, H, W) = (g.input[0], g.input[1], g.input[2])
        let (KD, KH, KW) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (OD, OH, OW) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.strides[0], g.strides[1], g.strides[2])
        let (dd, dh, dw) = (g.dilations[0], g.dilations[1], g.dilations[2])
        let (pd, ph, pw) = (g.padsBegin[0], g.padsBegin[1], g.padsBegin[2])
        let inSize = D * H * W, outSize = OD * OH * OW, kSize = KD * KH * KW
        let mg = m / group
        for b in 0..<n {
            for oc in 0..<m {
                let ic = oc / mg
                let src = x + (b * c + ic) * inSize
                let dst = y + (b * m + oc) * outSize
                let wk = w + oc * kSize
                for kd in 0..<KD { for kh in 0..<KH { for kw in 0..<KW {
                    let wv = wk[(kd * KH + kh) * KW + kw]
                    let off = kw * dw - pw
                    let (lo, hi) = WindowGeometry.validOutputs(offset: off, stride: sw, size: W, count: OW)
                    if hi <= lo { continue }
                    for od in 0..<OD {
                        let id = od * sd - pd + kd * dd
                        if id < 0 || id >= D { continue }
                        for oh in 0..<OH {
                            let ih = oh * sh - ph + kh * dh
                            if ih < 0 || ih >= H { continue }
                            let drow = dst + (od * OH + oh) * OW
                            let srow = src + (id * H + ih) * W + off
                            if sw == 1 {
                                for ow in lo..<hi { drow[ow] += wv * srow[ow] }
                            } else {
                                for ow in lo..<hi { drow[ow] += wv * srow[ow * sw] }
                            }
                        }
                    }
                } } }
            }
        }
    }
}
