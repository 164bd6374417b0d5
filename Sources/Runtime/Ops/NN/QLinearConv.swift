import OnnxFormat

/// QLinearConv: quantized convolution (ai.onnx QLinearConv, opset 10+). Inputs x, x_scale,
/// x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, optional int32 bias B.
/// y = saturate(round((conv(x − x_zp, w − w_zp) + B) · (x_scale · w_scale / y_scale)) + y_zp),
/// the convolution exact, the factor in float32 (w_scale scalar or per output channel), the
/// product in float64 and rounded half to even, as onnx's reference. x, w, y are int8 or
/// uint8 (y the zero point's type). Attributes as Conv's.
struct QLinearConv: Operator {
    let node: NodeInfo
    let window: WindowAttributes
    let group: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        window = try WindowAttributes(node)
        group = try WindowAttributes.group(node)
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), w = try node.required(inputs, 3)
        let xS = try node.elements(node.required(inputs, 1), Float.self, "x_scale")
        let wS = try node.elements(node.required(inputs, 4), Float.self, "w_scale")
        let yS = try node.elements(node.required(inputs, 6), Float.self, "y_scale")
        let yZ = try node.required(inputs, 7)
        var (acc, shape) = try ConvInteger.convolve(node, window, group: group, x: x, xZero: node.optional(inputs, 2),
                                                    w: w, wZero: node.optional(inputs, 5))
        let m = shape[1], plane = Tensor.elementCount(Array(shape[2...]))
        guard xS.count == 1, yS.count == 1, wS.count == 1 || wS.count == m else {
            throw RuntimeError.node(node, "x_scale and y_scale must be scalars, w_scale a scalar or [\(m)]")
        }
        if let b = node.optional(inputs, 8) {
            guard b.dataType == .int32, let bv = b.asInt64s(), bv.count == m else {
                throw RuntimeError.node(node, "B must be int32 [\(m)]")
            }
            for i in 0..<acc.count { acc[i] += Double(bv[(i / plane) % m]) }
        }
        guard yZ.count == 1, let z = yZ.asInt64s()?.first, yZ.dataType == .int8 || yZ.dataType == .uint8 else {
            throw RuntimeError.node(node, "y_zero_point must be an int8 or uint8 scalar")
        }
        let factors = wS.map { Double(xS[0] * $0 / yS[0]) }
        let (lo, hi): (Double, Double) = yZ.dataType == .int8 ? (-128, 127) : (0, 255)
        let q = (0..<acc.count).map { i -> Double in
            let f = factors.count == 1 ? factors[0] : factors[(i / plane) % m]
            return Swift.min(Swift.max(acc[i] * f + Double(z), lo), hi).rounded(.toNearestOrEven)
        }
        let storage: TensorStorage = yZ.dataType == .int8 ? .int8(q.map { Int8($0) }) : .uint8(q.map { UInt8($0) })
        return [Tensor(uncheckedType: yZ.dataType, shape: shape, storage: storage)]
    }
}

extension QLinearConv: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let z: ValueType? = inputs.at(7)
        return [ValueType(z?.dataType, nil)]
    }
}
