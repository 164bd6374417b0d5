import OnnxFormat

/// DequantizeLinear: y = (x - x_zero_point) * x_scale (ai.onnx DequantizeLinear, opsets
/// 10-25), with the scale and zero point per tensor, per axis (`axis`, default 1) or
/// blocked (`block_size`, opset 21+) as in QuantizeLinear. x is int8/uint8/int16/uint16/
/// int32/int4/uint4/int2/uint2 or a float8/FLOAT4E2M1 type (whose zero point must be zero). The output
/// has the scale's type, or `output_dtype` from opset 23.
struct DequantizeLinear: Operator {
    let node: NodeInfo
    let axis: Int
    let blockSize: Int
    let outputType: DataType?

    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: 1)
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
        let map = try QuantParams.indexMap(node, x.shape, s.shape, axis: axis, blockSize: blockSize)
        let xs = try QuantParams.values(x, node)
        let ss = try node.elements(s, Float.self, "x_scale")
        let z = try node.optional(inputs, 2).map { try QuantParams.values($0, node) }
        if let z, z.count != ss.count { throw RuntimeError.node(node, "zero point and scale shapes differ") }
        var y = [Float](repeating: 0, count: xs.count)
        for i in 0..<xs.count {
            let dx = Float(xs[i]) - Float(z?[map[i]] ?? 0)
            y[i] = dx * ss[map[i]]
        }
        return [Float.tensor(y, shape: x.shape, as: outputType ?? s.dataType)]
    }
}

extension DequantizeLinear: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(outputType ?? inputs.at(1)?.dataType, inputs.at(0)?.shape)]
    }
}
