import OnnxFormat

/// ConvInteger: integer convolution Y = conv(x − x_zero_point, w − w_zero_point) in int32
/// (ai.onnx ConvInteger, opset 10+). x and w are int8 or uint8; x_zero_point (input 2) is a
/// scalar, w_zero_point (input 3) a scalar or one per output channel. Attributes as Conv's
/// (auto_pad, dilations, group, kernel_shape, pads, strides). The sums run in float64,
/// exact for any int8 convolution whose reduction has fewer than 2^37 terms.
struct ConvInteger: Operator {
    let node: NodeInfo
    let window: WindowAttributes
    let group: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        window = try WindowAttributes(node)
        group = try WindowAttributes.group(node)
    }

    /// The elements of an int8/uint8 tensor minus its zero point (a scalar, or one per
    /// entry of axis 0 when `perChannel`).
    static func centered(_ node: NodeInfo, _ t: Tensor, _ zp: Tensor?, perChannel: Bool, _ what: String) throws -> [Double] {
        guard let v = t.asInt64s(), t.dataType == .int8 || t.dataType == .uint8 else {
            throw RuntimeError.node(node, "\(what) must be int8 or uint8, got \(t.dataType)")
        }
        guard let zp else { return v.map { Double($0) } }
        guard let z = zp.asInt64s(), zp.dataType == t.dataType else {
            throw RuntimeError.node(node, "\(what)'s zero point must have its type \(t.dataType)")
        }
        if z.count == 1 { return v.map { Double($0 - z[0]) } }
        guard perChannel, zp.rank == 1, t.rank >= 1, z.count == t.shape[0] else {
            throw RuntimeError.node(node, "\(what) zero point shape \(zp.shape) does not fit \(t.shape)")
        }
        let inner = t.count / max(t.shape[0], 1)
        return (0..<v.count).map { i in Double(v[i] - z[i / inner]) }
    }

    /// conv(x − x_zp, w − w_zp) as exact integers in Double, with the output shape.
    static func convolve(_ node: NodeInfo, _ window: WindowAttributes, group: Int, x: Tensor, xZero: Tensor?,
                         w: Tensor, wZero: Tensor?) throws -> ([Double], [Int]) {
        try checkNCHW(node, x, what: "x")
        guard w.rank == x.rank else { throw RuntimeError.node(node, "w shape \(w.shape) must have the rank of x \(x.shape)") }
        let n = x.shape[0], c = x.shape[1], m = w.shape[0]
        guard c % group == 0, w.shape[1] * group == c, m % group == 0 else {
            throw RuntimeError.node(node, "x has \(c) channels but w \(w.shape) with group \(group) does not fit")
        }
        let kernel = Array(w.shape[2...])
        if let k = window.kernelShape, k != kernel {
            throw RuntimeError.node(node, "attribute 'kernel_shape' \(k) does not match w's spatial shape \(kernel)")
        }
        if let xZero, xZero.count != 1 { throw RuntimeError.node(node, "x_zero_point must be a scalar") }
        let xs = try centered(node, x, xZero, perChannel: false, "x")
        let ws = try centered(node, w, wZero, perChannel: true, "w")
        let g = try window.forward(node, input: Array(x.shape[2...]), kernel: kernel)
        let y = try node.wrap {
            try ConvKernel.forward(x: xs, w: ws, bias: nil, batch: n, inChannels: c, outChannels: m, group: group, geometry: g)
        }
        return (y, [n, m] + g.output)
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let (y, shape) = try Self.convolve(node, window, group: group, x: node.required(inputs, 0), xZero: node.optional(inputs, 2),
                                           w: node.required(inputs, 1), wZero: node.optional(inputs, 3))
        return [Tensor(uncheckedType: .int32, shape: shape, storage: .int32(y.map { Int32(clamping: Int64($0)) }))]
    }
}

extension ConvInteger: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.int32, nil)]
    }
}
