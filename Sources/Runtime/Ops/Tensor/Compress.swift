import OnnxFormat

/// Compress: the slices of input along `axis` whose condition entry is true (ai.onnx
/// Compress, opsets 9-11); without `axis` the input is flattened first. A condition shorter
/// than the axis drops the remaining slices. Any element type.
struct Compress: Operator {
    let node: NodeInfo
    let axis: Int?
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis")
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        var x = try node.required(inputs, 0)
        let c = try node.required(inputs, 1)
        guard case .bool(let cond) = c.storage, c.rank == 1 else { throw RuntimeError.node(node, "condition must be a 1-D bool tensor") }
        if axis == nil { x = try x.reshaped([x.count]) }
        let a = try Index.axis(axis ?? 0, rank: x.rank, node)
        let n = x.shape[a]
        guard cond.count <= n else { throw RuntimeError.node(node, "condition has \(cond.count) entries, axis has \(n)") }
        let keep = (0..<cond.count).filter { cond[$0] }
        let outer = Tensor.elementCount(Array(x.shape[..<a])), inner = Tensor.elementCount(Array(x.shape[(a + 1)...]))
        var idx: [Int] = []
        idx.reserveCapacity(outer * keep.count * inner)
        for o in 0..<outer { for k in keep { for i in 0..<inner { idx.append((o * n + k) * inner + i) } } }
        var shape = x.shape
        shape[a] = keep.count
        return [try x.gathered(idx, shape: shape)]
    }
}
