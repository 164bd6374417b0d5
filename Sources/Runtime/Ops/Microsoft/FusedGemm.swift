import OnnxFormat

/// FusedGemm: Gemm followed by an activation, in one node (onnxruntime contrib op
/// com.microsoft FusedGemm, version 1): Y = act(alpha * A' * B' + beta * C).
///
/// Inputs and the attributes alpha, beta, transA, transB are Gemm's. `activation` is Relu,
/// LeakyRelu, Sigmoid, HardSigmoid or Tanh; its parameters are attributes prefixed with
/// `activation_` as onnxruntime reads them (LeakyRelu: activation_alpha, default 0.01;
/// HardSigmoid: activation_alpha 0.2, activation_beta 0.5). onnxruntime 1.32 has no Clip
/// for FusedGemm, so neither does this op. Parity's graph optimiser emits it
/// (Optimizer/GemmFusion.swift).
struct FusedGemm: Operator {
    let node: NodeInfo
    let gemm: Gemm
    let activation: FusedActivation

    init(_ node: NodeInfo) throws {
        self.node = node
        gemm = try Gemm(node)
        let name = try node.string("activation", default: "")
        switch name {
        case "Relu": activation = .relu
        case "Sigmoid": activation = .sigmoid
        case "Tanh": activation = .tanh
        case "LeakyRelu": activation = .leakyRelu(alpha: try node.float("activation_alpha", default: 0.01))
        case "HardSigmoid":
            activation = .hardSigmoid(alpha: try node.float("activation_alpha", default: 0.2),
                                      beta: try node.float("activation_beta", default: 0.5))
        case "": activation = .identity
        default:
            throw RuntimeError.node(node, "unsupported activation '\(name)' (Relu, LeakyRelu, Sigmoid, HardSigmoid, Tanh)")
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        var y = try gemm.run(inputs)
        guard let t = y.first else { return y }
        switch t.storage {
        case .float(var v):
            v.withUnsafeMutableBufferPointer { activation.apply(to: $0) }
            y[0] = Tensor(uncheckedType: t.dataType, shape: t.shape, storage: .float(v))
        case .double(var v):
            v.withUnsafeMutableBufferPointer { activation.apply(to: $0) }
            y[0] = Tensor(uncheckedType: t.dataType, shape: t.shape, storage: .double(v))
        default:
            throw RuntimeError.node(node, "element type \(t.dataType) is not supported (float, double)")
        }
        return y
    }
}

extension FusedGemm: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        try gemm.inferTypes(inputs, constants: constants)
    }
}

extension FusedGemm: Prepacking {
    /// B is packed as the inner Gemm packs it.
    func prepack(constants: [Tensor?], types: [ValueType?]) -> Set<Int> {
        gemm.prepack(constants: constants, types: types)
    }
}

extension FusedGemm: FilePrepacking {
    /// B is packed from its file as the inner Gemm packs it.
    func prepack(file: ExternalTensorFile, input index: Int, types: [ValueType?]) throws -> Bool {
        try gemm.prepack(file: file, input: index, types: types)
    }
}
