import OnnxFormat

/// A convolution and the MaxPool that alone reads it, run as one step: a session-level
/// fusion (not a graph rewrite: `parity optimize` writes standard ONNX). resnet's stem is
/// the case: a 7x7 stride-2 convolution on RGB, Relu, then a 3x3 stride-2 max pooling.
/// On the small-channel kernel (`ConvKernel.smallChannelMaxPool`) each 8-channel block
/// keeps only the few convolution rows the current pooled row needs, so the convolution's
/// output (3.2 MB per 224x224 image) is never written to memory and read back.
///
/// Any run the fused kernel does not take (another element type, shape or geometry) runs
/// the two operators one after the other, so the step always computes what the two nodes
/// compute.
struct ConvMaxPool: Operator {
    let node: NodeInfo
    let convOp: any Operator
    let conv: Conv
    let activation: FusedActivation
    let pool: MaxPool

    /// The fused step for `producer` (Conv, or FusedConv without a residual, whose weights
    /// have the small-channel form) feeding `reader` (MaxPool without Indices or dilation);
    /// nil when the pair does not qualify.
    init?(producer: any Operator, producerInputs: [Int?], reader: any Operator, readerOutputs: [Int?]) {
        let activation: FusedActivation
        if let c = producer as? Conv {
            conv = c
            activation = .identity
        } else if let f = producer as? FusedConv, producerInputs.count < 4 || producerInputs[3] == nil {
            conv = f.conv
            activation = f.activation
        } else {
            return nil
        }
        guard ConvKernel.Epilogue.takes(activation),
              conv.packed.smallChannel != nil, let pool = reader as? MaxPool,
              readerOutputs.dropFirst().allSatisfy({ $0 == nil }),
              pool.window.kernelShape?.count == 2, pool.window.dilations?.allSatisfy({ $0 == 1 }) ?? true
        else { return nil }
        self.node = NodeInfo(fusing: conv.node, pool.node)
        self.convOp = producer
        self.activation = activation
        self.pool = pool
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        if let y = try fused(inputs) { return [y] }
        let convolved = try convOp.run(inputs)
        return try pool.run(Array(convolved.prefix(1)))
    }

    /// The one-pass kernel's result, or nil when it does not serve this run.
    private func fused(_ inputs: [Tensor?]) throws -> Tensor? {
        guard let x = inputs.at(0) ?? nil, let w = inputs.at(1) ?? nil, x.dataType == .float, x.rank == 4, w.rank == 4,
              case .float(let xs) = x.storage, let form = conv.packed.smallChannelForm(for: w),
              let kernel = pool.window.kernelShape else { return nil }
        let b = inputs.at(2) ?? nil
        var bias: [Float]?
        if let b {
            guard case .float(let bs) = b.storage, b.rank == 1 else { return nil }
            bias = bs
        }
        let n = x.shape[0], c = x.shape[1], m = w.shape[0]
        guard w.shape[1] == c, conv.group == 1,
              let g = try? conv.window.forward(conv.node, input: Array(x.shape[2...]), kernel: Array(w.shape[2...])),
              let pg = try? pool.window.forward(pool.node, input: g.output, kernel: kernel) else { return nil }
        let epilogue = ConvKernel.Epilogue(z: nil, activation: activation)
        guard let y = ConvKernel.smallChannelMaxPool(x: xs, bias: bias, batch: n, inChannels: c, outChannels: m, geometry: g,
                                                     weights: form, epilogue: epilogue, pool: pg) else { return nil }
        return Tensor(uncheckedType: .float, shape: [n, m] + pg.output, storage: .float(y))
    }
}
