import OnnxFormat

/// SpaceToDepth: moves spatial blocks into channels, [N, C, H, W] ->
/// [N, C * b², H / b, W / b] with b = `blocksize` (ai.onnx SpaceToDepth, opsets 1-28).
/// `mode` (opset 28+) orders the new channels depth-column-row ("DCR", the default and the
/// only order before) or column-row-depth ("CRD"). Any element type.
struct SpaceToDepth: Operator {
    let node: NodeInfo
    let blocksize: Int
    let crd: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        blocksize = try node.int("blocksize", default: 0)
        guard blocksize > 0 else { throw RuntimeError.node(node, "attribute 'blocksize' must be positive") }
        let mode = node.opset >= 28 ? try node.string("mode", default: "DCR") : "DCR"
        guard mode == "DCR" || mode == "CRD" else { throw RuntimeError.node(node, "attribute 'mode' = '\(mode)' is not DCR or CRD") }
        crd = mode == "CRD"
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard x.rank == 4 else { throw RuntimeError.node(node, "input must be 4-D, got \(x.shape)") }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let b = blocksize
        guard h % b == 0, w % b == 0 else { throw RuntimeError.node(node, "spatial size \(h)x\(w) not divisible by blocksize \(b)") }
        let t = try Transpose.permute(x.reshaped([n, c, h / b, b, w / b, b]), crd ? [0, 1, 3, 5, 2, 4] : [0, 3, 5, 1, 2, 4])
        return [try t.reshaped([n, c * b * b, h / b, w / b])]
    }
}

extension SpaceToDepth: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [ValueType(x?.dataType, [.unknown, .unknown, .unknown, .unknown])] }
        guard s.count == 4 else { throw RuntimeError.node(node, "input must be 4-D, got \(ShapeInference.describe(s))") }
        let b = blocksize
        func divided(_ d: ValueType.Dim) throws -> ValueType.Dim {
            guard let v = d.value else { return .unknown }
            guard v % b == 0 else { throw RuntimeError.node(node, "spatial size \(s[2])x\(s[3]) not divisible by blocksize \(b)") }
            return .fixed(v / b)
        }
        return [ValueType(x?.dataType, [s[0], s[1].multiplied(by: b).multiplied(by: b), try divided(s[2]), try divided(s[3])])]
    }
}
