import OnnxFormat

/// NonZero: the coordinates of the non-zero elements as int64 [rank, count], in row-major
/// order (ai.onnx NonZero, opsets 9-13). Numeric and bool types.
struct NonZero: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard let v = x.asDoubles() else { throw RuntimeError.node(node, "element type \(x.dataType) is not supported") }
        let shape = x.rank == 0 ? [1] : x.shape
        let r = shape.count
        let strides = Tensor.strides(shape)
        let hits = v.indices.filter { v[$0] != 0 }
        var out = [Int64](repeating: 0, count: r * hits.count)
        for (j, flat) in hits.enumerated() {
            var rem = flat
            for d in 0..<r {
                out[d * hits.count + j] = Int64(rem / strides[d])
                rem %= strides[d]
            }
        }
        return [Tensor(shape: [r, hits.count], int64s: out)]
    }
}

extension NonZero: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.int64, [inputs.at(0)?.rank.map { .fixed(max($0, 1)) } ?? .unknown, .unknown])]
    }
}
