import OnnxFormat

/// GatherElements: output[i][j][k] = data[index][j][k] with index = indices[i][j][k] along
/// `axis` (default 0) (ai.onnx GatherElements, opsets 11-13). `indices` has the data's
/// rank; output has the indices' shape. Every index is bounds-checked. Any type.
struct GatherElements: Operator {
    let node: NodeInfo
    let axis: Int
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: 0)
    }

    /// For every position of `indices`, the flat offset into a tensor of `shape` with the
    /// coordinate along `axis` replaced by the index value. Shared with ScatterElements.
    static func offsets(_ node: NodeInfo, shape: [Int], indices: Tensor, axis: Int) throws -> [Int] {
        let ax = try Index.axis(axis, rank: shape.count, node)
        guard indices.rank == shape.count else {
            throw RuntimeError.node(node, "indices rank \(indices.rank) differs from data rank \(shape.count)")
        }
        for d in 0..<shape.count where d != ax && indices.shape[d] > shape[d] {
            throw RuntimeError.node(node, "indices shape \(indices.shape) exceeds data shape \(shape) on axis \(d)")
        }
        let idx = try Index.ints(indices, node, "indices")
        let strides = Tensor.strides(shape)
        // Offsets of each indices position with the axis coordinate set to 0.
        var sourceStrides = strides
        sourceStrides[ax] = 0
        let base = Index.strided(shape: indices.shape, strides: sourceStrides)
        let dim = shape[ax], axStride = strides[ax]
        return try zip(base, idx).map { b, i in
            let j = i < 0 ? i + dim : i
            guard j >= 0, j < dim else { throw RuntimeError.node(node, "index \(i) is out of range for axis \(ax) of size \(dim)") }
            return b + j * axStride
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let data = try node.required(inputs, 0), indices = try node.required(inputs, 1)
        let map = try Self.offsets(node, shape: data.shape, indices: indices, axis: axis)
        return [try data.gathered(map, shape: indices.shape)]
    }
}

extension GatherElements: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let data: ValueType? = inputs.at(0), indices: ValueType? = inputs.at(1)
        if let r = data?.rank {
            _ = try Index.axis(axis, rank: r, node)
            if let q = indices?.rank, q != r {
                throw RuntimeError.node(node, "indices rank \(q) differs from data rank \(r)")
            }
        }
        return [ValueType(data?.dataType, indices?.shape)]
    }
}
