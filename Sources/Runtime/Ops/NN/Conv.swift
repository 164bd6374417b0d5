import OnnxFormat

/// Conv: N-D convolution of X [N, C, D1..Dn] with W [M, C/group, k1..kn] plus optional
/// bias B [M] (ai.onnx Conv, opsets 1-22). Attributes auto_pad, dilations, group,
/// kernel_shape (taken from W when absent), pads, strides. float32 and float64 run on
/// `ConvKernel` (depthwise, 1x1 and im2col + BLAS paths); float16 and bfloat16 compute
/// in float32 and round back.
struct Conv: Operator, Prepacking {
    let node: NodeInfo
    let window: WindowAttributes
    let group: Int
    /// W packed for the GEMM kernel when W is a float32 constant (filled at load).
    let packed = ConvKernel.PackedWeights()

    init(_ node: NodeInfo) throws {
        self.node = node
        window = try WindowAttributes(node)
        group = try WindowAttributes.group(node)
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), w = try node.required(inputs, 1)
        let b = node.optional(inputs, 2)
        switch x.dataType {
        case .float, .float16, .bfloat16: return [try compute(Float.self, x, w, b)]
        case .double: return [try compute(Double.self, x, w, b)]
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
    }

    func compute<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?) throws -> Tensor {
        let (y, shape) = try convolve(T.self, x, w, b)
        return T.tensor(y, shape: shape, as: x.dataType)
    }

    /// The checked convolution as a flat buffer and its shape: FusedConv runs its epilogue
    /// on this buffer before it becomes a tensor.
    func convolve<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?) throws -> (values: [T], shape: [Int]) {
        let r = try convolve(T.self, x, w, b, epilogue: nil)
        return (r.values, r.shape)
    }

    /// `convolve` with a fused tail the float32 kernels may apply as they store the output
    /// (`fused` tells whether they did; FusedConv applies it otherwise).
    func convolve<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?,
                               epilogue: ConvKernel.Epilogue?) throws -> (values: [T], shape: [Int], fused: Bool) {
        try checkNCHW(node, x)
        guard w.rank == x.rank else {
            throw RuntimeError.node(node, "W shape \(w.shape) must have the rank of X \(x.shape)")
        }
        let n = x.shape[0], c = x.shape[1], m = w.shape[0]
        guard c % group == 0, w.shape[1] * group == c else {
            throw RuntimeError.node(node, "X has \(c) channels but W \(w.shape) with group \(group) expects \(w.shape[1] * group)")
        }
        guard m % group == 0 else {
            throw RuntimeError.node(node, "W has \(m) output channels, not divisible by group \(group)")
        }
        let kernel = Array(w.shape[2...])
        if let k = window.kernelShape, k != kernel {
            throw RuntimeError.node(node, "attribute 'kernel_shape' \(k) does not match W's spatial shape \(kernel)")
        }
        if let b, b.count != m || b.rank != 1 {
            throw RuntimeError.node(node, "B shape \(b.shape) must be [\(m)]")
        }
        let g = try window.forward(node, input: Array(x.shape[2...]), kernel: kernel)
        let xs = try node.elements(x, T.self, "X"), ws = try node.elements(w, T.self, "W")
        let bs = try b.map { try node.elements($0, T.self, "B") }
        let prepacked = packed.matrices(for: w), smallChannel = packed.smallChannelForm(for: w)
        let winograd = packed.winogradMatrices(for: w, batch: n, inChannels: c, outChannels: m, geometry: g)
        let y = try node.wrap {
            try ConvKernel.forward(x: xs, w: ws, bias: bs, batch: n, inChannels: c, outChannels: m, group: group,
                                   geometry: g, packed: prepacked, winograd: winograd, smallChannel: smallChannel,
                                   epilogue: epilogue)
        }
        return (y.values, [n, m] + g.output, y.fused)
    }
}

extension Conv {
    /// Packs W for the path the convolution will take: with X's shape known statically,
    /// only the Winograd form or only the GEMM form (each costs memory and load time: the
    /// Winograd form is 16/9 of W); with it unknown, both.
    func prepack(constants: [Tensor?], types: [ValueType?]) -> Set<Int> {
        guard let w = constants.at(1) else { return [] }
        let (winograd, direct, later, winogradAlways) = packingPlan(weightShape: w.shape, types: types)
        packed.prepare(w, group: group, winogradEligible: winograd, direct: direct, winogradLater: later,
                       unitDilations: unitDilations)
        // W's elements are needed no more when every run takes a packed path: float32 X,
        // 1-D or 2-D, and the GEMM form packed (the implicit GEMM serves any input shape;
        // a Winograd form left for later is built from it), or only the Winograd form
        // because X's static shape selects it for every run, or the small-channel form
        // (2-D, dilations 1: any input shape). Depthwise weights, never packed, stay.
        guard w.dataType == .float, types.at(0)?.dataType == .float, w.rank == 3 || w.rank == 4,
              !packed.perGroup.isEmpty || (!packed.winograd.isEmpty && winogradAlways) || packed.smallChannel != nil
        else { return [] }
        packed.servesAlone = true
        return [1]
    }

    var unitDilations: Bool { window.dilations?.allSatisfy { $0 == 1 } ?? true }

    /// Which forms a W of this shape gets: Winograd-eligible (strides and dilations 1, and
    /// X's static shape does not rule it out), the GEMM form (`direct`), the Winograd form
    /// built at the first run that takes it (`later`), or Winograd for every run (`always`).
    /// Every run takes Winograd when X's channels and spatial sizes are fixed and one image
    /// has enough tiles (a symbolic batch only adds tiles); when only the batch decides,
    /// the Winograd form waits for the first run that takes it.
    func packingPlan(weightShape ws: [Int], types: [ValueType?]) -> (winograd: Bool, direct: Bool, later: Bool, always: Bool) {
        let unit = { (v: [Int]?) in v?.allSatisfy { $0 == 1 } ?? true }
        var winograd = unit(window.strides) && unit(window.dilations), direct = true, later = false
        var winogradAlways = false
        if winograd, let xs = types.at(0)?.shape, xs.count == ws.count, xs.count == 4,
           let c = xs[1].value, let h = xs[2].value, let wd = xs[3].value,
           let g = try? window.forward(node, input: [h, wd], kernel: Array(ws[2...])) {
            let applies = { (n: Int) in
                ConvKernel.winogradApplies(inChannels: c, outChannels: ws[0], group: group, batch: n, geometry: g)
            }
            if let n = xs[0].value {
                winograd = applies(n)
                winogradAlways = winograd
            } else {
                winogradAlways = applies(1)
                later = !winogradAlways
            }
            direct = !winogradAlways
        }
        return (winograd, direct, later, winogradAlways)
    }
}

extension Conv: FilePrepacking {
    /// W packed from its file (`ConvKernel.PackedWeights.prepare(file:...)`) when the
    /// packed forms will serve every run alone, under the conditions of `prepack` above;
    /// declines (nothing packed) otherwise, and for small-channel and depthwise weights.
    func prepack(file: ExternalTensorFile, input index: Int, types: [ValueType?]) throws -> Bool {
        let ws = file.shape
        guard index == 1, file.dataType == .float, types.at(0)?.dataType == .float, ws.count == 3 || ws.count == 4 else {
            return false
        }
        // The plan packs the GEMM form, or only the Winograd form when every run takes it:
        // either serves alone once packed.
        let (winograd, direct, later, _) = packingPlan(weightShape: ws, types: types)
        guard try packed.prepare(file: file, group: group, winogradEligible: winograd, direct: direct, winogradLater: later),
              !packed.perGroup.isEmpty || !packed.winograd.isEmpty else { return false }
        packed.servesAlone = true
        return true
    }
}

extension Conv: ShapeInferring {
    /// Y [N, M, out...] from X [N, C, in...] and W [M, C/group, k...]; channel and bias
    /// mismatches are load-time errors.
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0), w: ValueType? = inputs.at(1)
        guard let xs = try inferNCHW(node, x) else { return [ValueType(x?.dataType, w?.shape.map { $0.map { _ in .unknown } })] }
        guard let ws = w?.shape else { return [ValueType(x?.dataType, [xs[0]] + xs.dropFirst().map { _ in .unknown })] }
        guard ws.count == xs.count else {
            throw RuntimeError.node(node, "W shape \(ShapeInference.describe(ws)) must have the rank of X \(ShapeInference.describe(xs))")
        }
        if let c = xs[1].value, let wc = ws[1].value, c % group != 0 || wc * group != c {
            throw RuntimeError.node(node, "X has \(c) channels but W \(ShapeInference.describe(ws)) with group \(group) expects \(wc * group)")
        }
        if let m = ws[0].value, m % group != 0 {
            throw RuntimeError.node(node, "W has \(m) output channels, not divisible by group \(group)")
        }
        if let b = inputs.at(2)?.shape, b.count != 1 || (b[0].value != nil && ws[0].value != nil && b[0] != ws[0]) {
            throw RuntimeError.node(node, "B shape \(ShapeInference.describe(b)) must be [\(ws[0])]")
        }
        let wk = ValueType(nil, Array(ws[2...])).fixedShape
        if let k = window.kernelShape, let wk, k != wk {
            throw RuntimeError.node(node, "attribute 'kernel_shape' \(k) does not match W's spatial shape \(wk)")
        }
        guard let kernel = window.kernelShape ?? wk else {
            return [ValueType(x?.dataType, [xs[0], ws[0]] + xs.dropFirst(2).map { _ in .unknown })]
        }
        let spatial = try window.inferForward(node, input: Array(xs[2...]), kernel: kernel)
        return [ValueType(x?.dataType, [xs[0], ws[0]] + spatial)]
    }
}
