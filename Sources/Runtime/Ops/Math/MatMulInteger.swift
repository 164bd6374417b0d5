import OnnxFormat

/// MatMulInteger: (A - a_zero_point) x (B - b_zero_point) in int32, numpy.matmul shapes
/// (ai.onnx MatMulInteger, opset 10+). A and B are int8 or uint8; a zero point is a scalar
/// or, for A, one per row ([M]), for B one per column ([N]).
struct MatMulInteger: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }

    /// The elements of an 8-bit integer tensor minus its zero point (scalar, or per row of
    /// A / per column of B when `perRow`), as Int32.
    static func centered(_ node: NodeInfo, _ t: Tensor, _ zp: Tensor?, perRow: Bool, _ what: String) throws -> [Int32] {
        guard let v = t.asInt64s(), t.dataType == .int8 || t.dataType == .uint8 else {
            throw RuntimeError.node(node, "\(what) must be int8 or uint8, got \(t.dataType)")
        }
        guard let zp else { return v.map { Int32($0) } }
        guard let z = zp.asInt64s(), zp.dataType == t.dataType else {
            throw RuntimeError.node(node, "\(what)'s zero point must have its type \(t.dataType)")
        }
        if z.count == 1 { return v.map { Int32($0 - z[0]) } }
        guard t.rank >= 1 else { throw RuntimeError.node(node, "\(what) zero point shape \(zp.shape) does not fit") }
        let rows = t.rank >= 2 ? t.shape[t.rank - 2] : 1, cols = t.shape[t.rank - 1]
        guard z.count == (perRow ? rows : cols) else {
            throw RuntimeError.node(node, "\(what) zero point has \(z.count) entries, expected \(perRow ? rows : cols)")
        }
        return (0..<v.count).map { i in Int32(v[i] - z[perRow ? (i / cols) % rows : i % cols]) }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = try node.required(inputs, 0), b = try node.required(inputs, 1)
        let xa = try Self.centered(node, a, node.optional(inputs, 2), perRow: true, "A")
        let xb = try Self.centered(node, b, node.optional(inputs, 3), perRow: false, "B")
        let p = try node.wrap { try MatMul.plan(a.shape, b.shape) }
        return [Tensor(uncheckedType: .int32, shape: p.outShape, storage: .int32(MatMul.integer(xa, xb, p)))]
    }
}

extension MatMulInteger: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.int32, nil)]
    }
}
