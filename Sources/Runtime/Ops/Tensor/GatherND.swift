import OnnxFormat

/// GatherND: gathers slices of `data` addressed by the last dimension of `indices`
/// (ai.onnx GatherND, opsets 11-13; `batch_dims` from 12). Output shape is
/// indices.shape[:-1] + data.shape[batch_dims + k:], k = indices.shape[-1]. Any type.
struct GatherND: Operator {
    let node: NodeInfo
    let batchDims: Int
    init(_ node: NodeInfo) throws {
        self.node = node
        batchDims = try node.int("batch_dims", default: 0)
    }

    /// For each index tuple (in indices order), the flat offset of the addressed slice in
    /// data and the slice length. Shared with ScatterND (batch_dims 0).
    static func slices(_ node: NodeInfo, dataShape: [Int], indices: Tensor, batchDims b: Int) throws -> (offsets: [Int], sliceSize: Int) {
        let q = indices.rank, r = dataShape.count
        guard q >= 1, let k = indices.shape.last else { throw RuntimeError.node(node, "indices must have rank >= 1") }
        guard b >= 0, b < q, b < r else { throw RuntimeError.node(node, "batch_dims \(b) is out of range") }
        guard k >= 0, k <= r - b else { throw RuntimeError.node(node, "indices last dimension \(k) exceeds data rank \(r) - batch_dims \(b)") }
        guard Array(indices.shape[..<b]) == Array(dataShape[..<b]) else {
            throw RuntimeError.node(node, "batch dimensions of indices \(indices.shape) and data \(dataShape) differ")
        }
        let idx = try Index.ints(indices, node, "indices")
        let batch = dataShape[..<b].reduce(1, *)
        let perBatch = dataShape[b...].reduce(1, *)
        let sliceSize = dataShape[(b + k)...].reduce(1, *)
        let tuples = indices.shape[b..<(q - 1)].reduce(1, *)
        let strides = Tensor.strides(Array(dataShape[b...]))
        var offsets = [Int]()
        offsets.reserveCapacity(batch * tuples)
        for bi in 0..<batch {
            for t in 0..<tuples {
                var off = bi * perBatch
                let at = (bi * tuples + t) * k
                for j in 0..<k {
                    let dim = dataShape[b + j]
                    let i = idx[at + j]
                    let v = i < 0 ? i + dim : i
                    guard v >= 0, v < dim else { throw RuntimeError.node(node, "index \(i) is out of range for data axis \(b + j) of size \(dim)") }
                    off += v * strides[j]
                }
                offsets.append(off)
            }
        }
        return (offsets, sliceSize)
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let data = try node.required(inputs, 0), indices = try node.required(inputs, 1)
        let (offsets, size) = try Self.slices(node, dataShape: data.shape, indices: indices, batchDims: batchDims)
        var map = [Int]()
        map.reserveCapacity(offsets.count * size)
        for o in offsets { for i in 0..<size { map.append(o + i) } }
        let k = indices.shape.last ?? 0
        let shape = Array(indices.shape.dropLast()) + Array(data.shape[(batchDims + k)...])
        return [try data.gathered(map, shape: shape)]
    }
}

extension GatherND: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let data: ValueType? = inputs.at(0)
        guard let ds = data?.shape, let qs = inputs.at(1)?.shape, let k = qs.last?.value else {
            return [ValueType(data?.dataType, nil)]
        }
        let b = batchDims, r = ds.count
        guard b >= 0, b < qs.count, b < r else { throw RuntimeError.node(node, "batch_dims \(b) is out of range") }
        guard k >= 0, k <= r - b else {
            throw RuntimeError.node(node, "indices last dimension \(k) exceeds data rank \(r) - batch_dims \(b)")
        }
        return [ValueType(data?.dataType, Array(qs.dropLast()) + Array(ds[(b + k)...]))]
    }
}
