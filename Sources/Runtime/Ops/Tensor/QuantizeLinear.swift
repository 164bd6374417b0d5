import OnnxFormat

/// QuantizeLinear: y = saturate(round(x / y_scale) + y_zero_point) (ai.onnx QuantizeLinear,
/// opsets 10-25). The scale (and zero point) is a scalar (per tensor), a 1-D tensor along
/// `axis` (per axis, default 1) or, from opset 21, a tensor of x's rank whose `axis`
/// dimension is ceil(x.shape[axis] / block_size) (blocked). The output type is the zero
/// point's, else `output_dtype` (opset 21+), else uint8: int8/uint8/int16/uint16/int4/uint4/
/// int2/uint2
/// round half to even and clamp; the float8 types ignore the zero point and round to nearest
/// even, saturating when `saturate` (default 1); FLOAT4E2M1 adds the zero point first.
/// The division happens in x's precision (float32 for float16 input), as numpy does.
struct QuantizeLinear: Operator {
    let node: NodeInfo
    let axis: Int
    let saturate: Bool
    let blockSize: Int
    let outputType: DataType?

    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: 1)
        saturate = try node.int("saturate", default: 1) != 0
        blockSize = try node.int("block_size", default: 0)
        let od = try node.int("output_dtype", default: 0)
        if od != 0 {
            guard let t = DataType(rawValue: Int32(clamping: od)) else {
                throw RuntimeError.node(node, "attribute 'output_dtype' = \(od) is not an ONNX element type")
            }
            outputType = t
        } else {
            outputType = nil
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), s = try node.required(inputs, 1)
        let zp = node.optional(inputs, 2)
        if let zp, let o = outputType, zp.dataType != o {
            throw RuntimeError.node(node, "output_dtype \(o) differs from the zero point's type \(zp.dataType)")
        }
        let t = zp?.dataType ?? outputType ?? .uint8
        let map = try QuantParams.indexMap(node, x.shape, s.shape, axis: axis, blockSize: blockSize)
        let xs = try node.elements(x, Float.self, "x"), ss = try node.elements(s, Float.self, "y_scale")
        let z = try zp.map { try QuantParams.values($0, node) }
        if let z, z.count != ss.count { throw RuntimeError.node(node, "zero point and scale shapes differ") }
        let half = x.dataType == .float16
        var q = [Double](repeating: 0, count: xs.count)
        for i in 0..<xs.count {
            var v = xs[i] / ss[map[i]]
            if half { v = Float(float16Bits: v.float16Bits) }
            q[i] = Double(v)
        }
        func ints<I: FixedWidthInteger>(_: I.Type) -> [I] {
            (0..<q.count).map { i in
                var v = q[i].rounded(.toNearestOrEven)
                if let z { v += z[map[i]] }
                if v.isNaN { return 0 }
                return I(Swift.min(Swift.max(v, Double(I.min)), Double(I.max)))
            }
        }
        let storage: TensorStorage
        switch t {
        case .uint8: storage = .uint8(ints(UInt8.self))
        case .int8: storage = .int8(ints(Int8.self))
        case .uint16: storage = .uint16(ints(UInt16.self))
        case .int16: storage = .int16(ints(Int16.self))
        case .int4, .uint4, .int2, .uint2:
            storage = .bits8((0..<q.count).map { i in SmallTypes.encode(q[i].rounded(.toNearestOrEven) + (z?[map[i]] ?? 0), t) })
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz:
            storage = .bits8(q.map { SmallTypes.encode($0, t, saturate: saturate) })
        case .float4e2m1:
            storage = .bits8((0..<q.count).map { i in SmallTypes.encode(q[i] + (z?[map[i]] ?? 0), t) })
        default:
            throw RuntimeError.node(node, "output type \(t) is not a quantized type")
        }
        return [Tensor(uncheckedType: t, shape: x.shape, storage: storage)]
    }
}

extension QuantizeLinear: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let t = inputs.at(2)?.dataType ?? (node.hasInput(2) ? nil : (outputType ?? .uint8))
        return [ValueType(t, inputs.at(0)?.shape)]
    }
}

/// How QuantizeLinear and DequantizeLinear map each element to its scale and zero point.
enum QuantParams {
    /// For each element of `shape` (row-major), the index of its scale: per tensor (one
    /// element), per axis (1-D of shape[axis]) or blocked (same rank, shape[axis] divided
    /// into blocks of `blockSize`).
    static func indexMap(_ node: NodeInfo, _ shape: [Int], _ scaleShape: [Int], axis: Int, blockSize: Int) throws -> [Int] {
        let n = Tensor.elementCount(shape)
        let sc = Tensor.elementCount(scaleShape)
        if sc == 1 && scaleShape.count <= 1 { return [Int](repeating: 0, count: n) }
        let a = try Index.axis(axis, rank: shape.count, node)
        if scaleShape.count == 1 && blockSize == 0 {
            guard scaleShape[0] == shape[a] else {
                throw RuntimeError.node(node, "scale has \(scaleShape[0]) entries, axis \(a) of \(shape) has \(shape[a])")
            }
            let inner = Tensor.elementCount(Array(shape[(a + 1)...]))
            return (0..<n).map { ($0 / inner) % shape[a] }
        }
        guard blockSize > 0, scaleShape.count == shape.count else {
            throw RuntimeError.node(node, "scale shape \(scaleShape) fits neither per-tensor, per-axis nor blocked quantization of \(shape)")
        }
        for d in 0..<shape.count {
            let want = d == a ? (shape[d] + blockSize - 1) / blockSize : shape[d]
            guard scaleShape[d] == want else {
                throw RuntimeError.node(node, "blocked scale shape \(scaleShape) does not match \(shape) with block_size \(blockSize)")
            }
        }
        let st = Tensor.strides(shape), sst = Tensor.strides(scaleShape)
        return (0..<n).map { i in
            var r = i, off = 0
            for d in 0..<shape.count {
                let c = r / st[d]
                r %= st[d]
                off += (d == a ? c / blockSize : c) * sst[d]
            }
            return off
        }
    }

    /// The values of a zero point or quantized tensor as Double (integers, 4-bit and float8).
    static func values(_ t: Tensor, _ node: NodeInfo) throws -> [Double] {
        if let f = SmallTypes.toFloat(t), let v = f.floats { return v.map(Double.init) }
        guard let v = t.asDoubles() else { throw RuntimeError.node(node, "element type \(t.dataType) is not supported") }
        return v
    }
}
