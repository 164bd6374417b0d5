import OnnxFormat

/// DepthToSpace: moves blocks of channels into spatial blocks, [N, C, H, W] ->
/// [N, C / b², H * b, W * b] with b = `blocksize` (ai.onnx DepthToSpace, opsets 1-13);
/// `mode` DCR (default) or CRD (opset 11). Any element type.
struct DepthToSpace: Operator {
    let node: NodeInfo
    let blocksize: Int
    let crd: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        blocksize = try node.int("blocksize", default: 0)
        guard blocksize > 0 else { throw RuntimeError.node(node, "attribute 'blocksize' must be positive") }
        let mode = try node.string("mode", default: "DCR")
        guard mode == "DCR" || mode == "CRD" else { throw RuntimeError.node(node, "unknown mode '\(mode)'") }
        crd = mode == "CRD"
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard x.rank == 4 else { throw RuntimeError.node(node, "input must be 4-D, got \(x.shape)") }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let b = blocksize
        guard c % (b * b) == 0 else { throw RuntimeError.node(node, "channels \(c) not divisible by blocksize² \(b * b)") }
        let c2 = c / (b * b)
        let t: Tensor
        if crd {
            t = try Transpose.permute(x.reshaped([n, c2, b, b, h, w]), [0, 1, 4, 2, 5, 3])
        } else {
            t = try Transpose.permute(x.reshaped([n, b, b, c2, h, w]), [0, 3, 4, 1, 5, 2])
        }
        return [try t.reshaped([n, c2, h * b, w * b])]
    }
}

extension DepthToSpace: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [ValueType(x?.dataType, [.unknown, .unknown, .unknown, .unknown])] }
        guard s.count == 4 else { throw RuntimeError.node(node, "input must be 4-D, got \(ShapeInference.describe(s))") }
        let b = blocksize, bb = blocksize.multipliedReportingOverflow(by: blocksize).partialValue
        var c = ValueType.Dim.unknown
        if let v = s[1].value {
            guard bb > 0, v % bb == 0 else { throw RuntimeError.node(node, "channels \(v) not divisible by blocksize² \(bb)") }
            c = .fixed(v / bb)
        }
        return [ValueType(x?.dataType, [s[0], c, s[2].multiplied(by: b), s[3].multiplied(by: b)])]
    }
}
