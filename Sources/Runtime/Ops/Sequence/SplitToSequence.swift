import OnnxFormat

/// SplitToSequence: cuts the input along `axis` (default 0) into a sequence (ai.onnx
/// SplitToSequence, opsets 11-21). The optional `split` input is a scalar (parts of that
/// size, the last one smaller if the dimension does not divide) or a 1-D list of part
/// sizes summing to the dimension. Without it the parts have size 1, and `keepdims = 0`
/// (default 1) removes the split axis from each.
struct SplitToSequence: ValueOperator {
    let node: NodeInfo
    let axis: Int
    let keepdims: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: 0)
        keepdims = try node.int("keepdims", default: 1) != 0
    }

    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try FlowSupport.tensor(inputs, 0, node)
        let ax = try Index.axis(axis, rank: x.rank, node)
        let dim = x.shape[ax]
        var sizes: [Int]
        var squeeze = false
        if let s = try FlowSupport.optionalTensor(inputs, 1, node) {
            let v = try Index.ints(s, node, "split")
            if s.rank == 0 {
                guard let n = v.first, n > 0 else { throw RuntimeError.node(node, "split must be positive, got \(v)") }
                sizes = stride(from: 0, to: dim, by: n).map { min(n, dim - $0) }
            } else {
                guard s.rank == 1 else { throw RuntimeError.node(node, "split must be a scalar or 1-D, got shape \(s.shape)") }
                sizes = v
            }
        } else {
            sizes = [Int](repeating: 1, count: dim)
            squeeze = !keepdims
        }
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == dim else {
            throw RuntimeError.node(node, "split sizes \(sizes) do not sum to dimension \(dim)")
        }
        let strides = Tensor.strides(x.shape)
        var start = 0
        var parts: [Value] = []
        for n in sizes {
            var shape = x.shape
            shape[ax] = n
            let copy = StridedCopy(shape: shape, strides: strides, offset: n == 0 ? 0 : start * strides[ax])
            if squeeze { shape.remove(at: ax) }
            parts.append(.tensor(x.with(shape: shape, storage: try x.storage.map(copy))))
            start += n
        }
        return [.sequence(elementType: x.dataType, parts)]
    }
}
