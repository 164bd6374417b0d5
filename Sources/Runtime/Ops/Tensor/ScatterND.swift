import OnnxFormat

/// ScatterND: a copy of `data` with slices of `updates` written at the index tuples in
/// the last dimension of `indices` (ai.onnx ScatterND, opsets 11-18; `reduction`
/// none/add/mul from 16, max/min from 18). Every index is bounds-checked.
struct ScatterND: Operator {
    let node: NodeInfo
    let reduction: String
    init(_ node: NodeInfo) throws {
        self.node = node
        reduction = try node.string("reduction", default: "none")
        guard ["none", "add", "mul", "max", "min"].contains(reduction) else {
            throw RuntimeError.node(node, "unknown reduction '\(reduction)'")
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let data = try node.required(inputs, 0), indices = try node.required(inputs, 1), updates = try node.required(inputs, 2)
        let (offsets, size) = try GatherND.slices(node, dataShape: data.shape, indices: indices, batchDims: 0)
        let k = indices.shape.last ?? 0
        let want = Array(indices.shape.dropLast()) + Array(data.shape[k...])
        guard updates.shape == want else {
            throw RuntimeError.node(node, "updates shape \(updates.shape) should be \(want)")
        }
        var positions = [Int]()
        positions.reserveCapacity(offsets.count * size)
        for o in offsets { for i in 0..<size { positions.append(o + i) } }
        return [try ScatterKernel.scatter(data, updates, positions: positions, reduction: reduction)]
    }
}

extension ScatterND: PreservesInputType {}
