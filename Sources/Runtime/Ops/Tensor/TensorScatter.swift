import OnnxFormat

/// TensorScatter: writes `update` into a copy of `past_cache` along the sequence axis
/// (ai.onnx TensorScatter, opset 24+), the KV-cache update of attention. The shapes agree
/// except along `axis` (default -2), where update's length may be shorter. For every index
/// prefix before the axis, the update's positions s go to write_indices[batch] + s (input
/// 2, int64 per batch entry, default 0), taken modulo the cache length when `mode` is
/// "circular" (default "linear", where going past the end is an error).
struct TensorScatter: Operator {
    let node: NodeInfo
    let axis: Int
    let circular: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: -2)
        let m = try node.string("mode", default: "linear")
        guard m == "linear" || m == "circular" else {
            throw RuntimeError.node(node, "attribute 'mode' = '\(m)' is not linear or circular")
        }
        circular = m == "circular"
    }

    struct Write: StorageCombine {
        let sources: [(dst: Int, src: Int)]
        func callAsFunction<T>(_ arrays: [[T]]) throws -> [T] {
            var out = arrays[0]
            let u = arrays[1]
            for (d, s) in sources { out[d] = u[s] }
            return out
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let past = try node.required(inputs, 0), update = try node.required(inputs, 1)
        guard past.dataType == update.dataType, past.rank == update.rank, past.rank >= 1 else {
            throw RuntimeError.node(node, "past_cache \(past.dataType)\(past.shape) and update \(update.dataType)\(update.shape) do not match")
        }
        let a = try Index.axis(axis, rank: past.rank, node)
        for d in 0..<past.rank where d == a ? update.shape[d] > past.shape[d] : update.shape[d] != past.shape[d] {
            throw RuntimeError.node(node, "update shape \(update.shape) does not fit past_cache \(past.shape) along axis \(a)")
        }
        let batch = past.shape[0]
        var starts = [Int](repeating: 0, count: batch)
        if let w = node.optional(inputs, 2) {
            starts = try Index.ints(w, node, "write_indices")
            guard starts.count == batch else {
                throw RuntimeError.node(node, "write_indices has \(starts.count) entries, batch is \(batch)")
            }
        }
        let maxLen = past.shape[a], seqLen = update.shape[a]
        let prefix = Tensor.elementCount(Array(past.shape[..<a]))
        let suffix = Tensor.elementCount(Array(past.shape[(a + 1)...]))
        let perBatch = a == 0 ? 1 : prefix / max(batch, 1)
        var sources: [(dst: Int, src: Int)] = []
        sources.reserveCapacity(update.count)
        for p in 0..<prefix {
            let b = a == 0 ? 0 : p / max(perBatch, 1)
            for s in 0..<seqLen {
                var c = (a == 0 ? starts.first ?? 0 : starts[b]) + s
                if circular { c = ((c % maxLen) + maxLen) % maxLen }
                guard c >= 0, c < maxLen else {
                    throw RuntimeError.node(node, "write index \(c) is out of range 0..<\(maxLen)")
                }
                for i in 0..<suffix {
                    sources.append((dst: (p * maxLen + c) * suffix + i, src: (p * seqLen + s) * suffix + i))
                }
            }
        }
        let storage = try node.wrap { try TensorStorage.combine([past.storage, update.storage], Write(sources: sources)) }
        return [past.with(shape: past.shape, storage: storage)]
    }
}

extension TensorScatter: PreservesInputType {}
