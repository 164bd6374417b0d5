import OnnxFormat

/// Unique: the distinct elements of X (flattened) or distinct slices along `axis`
/// (ai.onnx Unique, opset 11+), sorted ascending (lexicographically for slices) when
/// `sorted` (default 1), else in order of first occurrence. Outputs Y, indices (first
/// occurrence), inverse_indices (for each input element or slice, its position in Y) and
/// counts, all int64. Numeric and string types.
struct Unique: Operator {
    let node: NodeInfo
    let axis: Int?
    let sorted: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis")
        sorted = try node.int("sorted", default: 1) != 0
    }

    enum Key: Comparable {
        case num([Double]), str([String])
        static func < (l: Key, r: Key) -> Bool {
            switch (l, r) {
            case (.num(let a), .num(let b)): return a.lexicographicallyPrecedes(b)
            case (.str(let a), .str(let b)): return a.lexicographicallyPrecedes(b)
            default: return false
            }
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        var x = try node.required(inputs, 0)
        if axis == nil { x = try x.reshaped([x.count]) }
        let a = try Index.axis(axis ?? 0, rank: x.rank, node)
        let n = x.shape[a]
        let outer = Tensor.elementCount(Array(x.shape[..<a])), inner = Tensor.elementCount(Array(x.shape[(a + 1)...]))
        func sliceIndices(_ k: Int) -> [Int] {
            var idx: [Int] = []
            for o in 0..<outer { for i in 0..<inner { idx.append((o * n + k) * inner + i) } }
            return idx
        }
        var keys: [Key] = []
        if case .string(let s) = x.storage {
            keys = (0..<n).map { k in .str(sliceIndices(k).map { s[$0] }) }
        } else {
            guard let d = x.asDoubles() else { throw RuntimeError.node(node, "element type \(x.dataType) is not supported") }
            keys = (0..<n).map { k in .num(sliceIndices(k).map { d[$0] }) }
        }
        var firstOf: [Int] = []     // first occurrence of each distinct key, in order of appearance
        var group = [Int](repeating: 0, count: n)
        for k in 0..<n {
            if let g = firstOf.firstIndex(where: { keys[$0] == keys[k] }) { group[k] = g } else { group[k] = firstOf.count; firstOf.append(k) }
        }
        var order = Array(firstOf.indices)
        if sorted { order.sort { keys[firstOf[$0]] < keys[firstOf[$1]] } }
        var rank = [Int](repeating: 0, count: order.count)
        for (pos, g) in order.enumerated() { rank[g] = pos }
        var counts = [Int64](repeating: 0, count: order.count)
        for k in 0..<n { counts[rank[group[k]]] += 1 }
        let firsts = order.map { firstOf[$0] }
        var gather: [Int] = []
        for o in 0..<outer { for k in firsts { for i in 0..<inner { gather.append((o * n + k) * inner + i) } } }
        var shape = x.shape
        shape[a] = firsts.count
        let u = firsts.count
        return [try x.gathered(gather, shape: shape),
                Tensor(shape: [u], int64s: firsts.map { Int64($0) }),
                Tensor(shape: [n], int64s: (0..<n).map { Int64(rank[group[$0]]) }),
                Tensor(shape: [u], int64s: counts)]
    }
}
