import OnnxFormat

/// FusedConv: Conv followed by an optional residual add and an activation, in one node
/// (onnxruntime contrib op com.microsoft FusedConv, version 1): Y = act(Conv(X, W, B) + Z).
///
/// Inputs X, W, B (optional) and the attributes auto_pad, dilations, group, kernel_shape,
/// pads, strides are Conv's. Z (optional, input 3) must have Y's exact shape (onnxruntime
/// refuses a broadcast). `activation` is Relu, LeakyRelu, Clip, Sigmoid, HardSigmoid or
/// Tanh (absent: none) and `activation_params` its parameters (LeakyRelu: alpha; Clip:
/// min, max; HardSigmoid: alpha, beta). Parity's graph optimiser emits it
/// (Optimizer/ConvActivationFusion.swift). The convolution runs on `ConvKernel` through
/// `Conv.convolve`; the epilogue is `FusedActivation` on the output buffer.
struct FusedConv: Operator {
    let node: NodeInfo
    let conv: Conv
    let activation: FusedActivation

    init(_ node: NodeInfo) throws {
        self.node = node
        conv = try Conv(node)
        let name = try node.attributes["activation"].map { _ in try node.string("activation", default: "") }
        do { activation = try FusedActivation(name: name, parameters: node.floats("activation_params") ?? []) } catch {
            throw RuntimeError.node(node, "\(error)")
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), w = try node.required(inputs, 1)
        let b = node.optional(inputs, 2), z = node.optional(inputs, 3)
        switch x.dataType {
        case .float, .float16, .bfloat16: return [try compute(Float.self, x, w, b, z)]
        case .double: return [try compute(Double.self, x, w, b, z)]
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
    }

    func compute<T: NNScalar & Real>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ z: Tensor?) throws -> Tensor {
        let zs: [T]? = try z.map { try node.elements($0, T.self, "Z") }
        // float32: the convolution kernels add Z and apply Relu/Clip/SiLU/HardSwish as they
        // store each tile (no extra pass over the output); other activations follow on the
        // whole buffer.
        var epilogue: ConvKernel.Epilogue?
        let actInKernel = ConvKernel.Epilogue.takes(activation)
        if T.self == Float.self {
            epilogue = ConvKernel.Epilogue(z: zs as? [Float], activation: activation)
        }
        var (y, shape, fused) = try conv.convolve(T.self, x, w, b, epilogue: epilogue)
        if let z, z.shape != shape {
            throw RuntimeError.node(node, "Z shape \(z.shape) must equal the convolution's output shape \(shape)")
        }
        y.withUnsafeMutableBufferPointer { py in
            if !fused, let zs { zs.withUnsafeBufferPointer { FusedActivation.add($0, into: py) } }
            if !fused || !actInKernel { FusedActivation.run(activation, py) }
        }
        return T.tensor(y, shape: shape, as: x.dataType)
    }
}

extension FusedConv: Prepacking {
    /// The convolution's weights are packed like a plain Conv's.
    func prepack(constants: [Tensor?], types: [ValueType?]) -> Set<Int> {
        conv.prepack(constants: Array(constants.prefix(3)), types: Array(types.prefix(3)))
    }
}

extension FusedConv: ShapeInferring {
    /// Conv's output type; Z, when its shape is known, must equal it.
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let out = try conv.inferTypes(Array(inputs.prefix(3)), constants: Array(constants.prefix(3)))
        if let y = out.first ?? nil, let ys = y.shape, let zs = inputs.at(3)?.shape {
            guard ys.count == zs.count, zip(ys, zs).allSatisfy({ a, b in a.merged(with: b) != nil }) else {
                throw RuntimeError.node(node, "Z shape \(ShapeInference.describe(zs)) must equal the convolution's output shape \(ShapeInference.describe(ys))")
            }
        }
        return out
    }
}

extension FusedConv: FilePrepacking {
    /// W is packed from its file as the inner Conv packs it.
    func prepack(file: ExternalTensorFile, input index: Int, types: [ValueType?]) throws -> Bool {
        try conv.prepack(file: file, input: index, types: Array(types.prefix(3)))
    }
}
