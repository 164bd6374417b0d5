import OnnxFormat

/// QLinearMatMul: quantized matrix product (ai.onnx QLinearMatMul, opsets 10-21):
/// y = saturate(round((a - a_zp)(b - b_zp) * a_scale * b_scale / y_scale) + y_zp), the
/// integer product exact in int32, the rescale in float32 rounding half to even. a, b, y
/// are int8 or uint8; scales float (float16/bfloat16 from opset 21), scalar or per row/column.
struct QLinearMatMul: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = try node.required(inputs, 0), aS = try node.required(inputs, 1), aZ = try node.required(inputs, 2)
        let b = try node.required(inputs, 3), bS = try node.required(inputs, 4), bZ = try node.required(inputs, 5)
        let yS = try node.required(inputs, 6), yZ = try node.required(inputs, 7)
        let xa = try MatMulInteger.centered(node, a, aZ, perRow: true, "a")
        let xb = try MatMulInteger.centered(node, b, bZ, perRow: false, "b")
        let p = try node.wrap { try MatMul.plan(a.shape, b.shape) }
        let c = MatMul.integer(xa, xb, p)
        let sa = try node.elements(aS, Float.self, "a_scale"), sb = try node.elements(bS, Float.self, "b_scale")
        let sy = try node.elements(yS, Float.self, "y_scale")
        guard let zy = yZ.asInt64s(), zy.count == 1 || zy.count == sy.count else { throw RuntimeError.node(node, "y_zero_point must be an integer tensor") }
        // numpy broadcasting of the scale factor a_scale * b_scale / y_scale against C.
        let (ab, sab) = try node.wrap { try Broadcast.binary(sa, aS.shape, sb, bS.shape, *) }
        let (f, sf) = try node.wrap { try Broadcast.binary(ab, sab, sy, yS.shape, /) }
        let cf = c.map { Float($0) }
        var (d, outShape) = try node.wrap { try Broadcast.binary(cf, p.outShape, f, sf, *) }
        let zf = zy.map { Float($0) }
        (d, outShape) = try node.wrap { try Broadcast.binary(d, outShape, zf, yZ.shape, +) }
        let (lo, hi): (Float, Float) = yZ.dataType == .int8 ? (-128, 127) : (0, 255)
        let q = d.map { Swift.min(Swift.max($0.rounded(.toNearestOrEven), lo), hi) }
        let storage: TensorStorage = yZ.dataType == .int8 ? .int8(q.map { Int8($0) }) : .uint8(q.map { UInt8($0) })
        return [Tensor(uncheckedType: yZ.dataType, shape: outShape, storage: storage)]
    }
}
