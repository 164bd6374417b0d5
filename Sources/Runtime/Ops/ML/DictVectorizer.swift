import OnnxFormat

/// DictVectorizer: a map (string or int64 keys) to a dense row over `string_vocabulary`
/// or `int64_vocabulary`; keys outside the vocabulary are ignored, missing ones are 0
/// (ai.onnx.ml DictVectorizer, opset 1). A single map gives [1, V] (as onnxruntime); a
/// sequence of maps gives [N, V]. The element type is the map's value type.
struct DictVectorizer: ValueOperator {
    let node: NodeInfo
    let index: [MapKey: Int]
    let size: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        var m: [MapKey: Int] = [:]
        if let s = ML.nonEmptyStrings(node, "string_vocabulary") {
            for (i, k) in s.enumerated() where m[.string(k)] == nil { m[.string(k)] = i }
            size = s.count
        } else if let v = try ML.nonEmptyInts(node, "int64_vocabulary") {
            for (i, k) in v.enumerated() where m[.int(Int64(k))] == nil { m[.int(Int64(k))] = i }
            size = v.count
        } else {
            throw RuntimeError.node(node, "needs string_vocabulary or int64_vocabulary")
        }
        index = m
    }

    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let x = inputs.first ?? nil else { throw RuntimeError.node(node, "missing required input 0") }
        let rows: [Value]
        switch x {
        case .map: rows = [x]
        case .sequence(_, let items): rows = items
        default: throw RuntimeError.node(node, "X must be a map or a sequence of maps, got a \(x.kind)")
        }
        // Each cell: (row, column, scalar tensor value).
        var cells: [(Int, Int, Tensor)] = []
        var type: DataType?
        for (r, row) in rows.enumerated() {
            guard case .map(let keys, let values) = row, keys.count == values.count else {
                throw RuntimeError.node(node, "element \(r) of X is not a map")
            }
            for (k, v) in zip(keys, values) {
                guard let c = index[k] else { continue }
                guard case .tensor(let t) = v, t.count == 1 else {
                    throw RuntimeError.node(node, "map value for key \(k) is not a scalar tensor")
                }
                if let type, type != t.dataType { throw RuntimeError.node(node, "map values mix \(type) and \(t.dataType)") }
                type = t.dataType
                cells.append((r, c, t))
            }
        }
        let dt = type ?? .float
        let shape = [rows.count, size]
        let zeros = Tensor.zeros(dt, shape: shape)
        var flat = [Int](repeating: -1, count: rows.count * size)
        var sources: [Tensor] = []
        for (r, c, t) in cells { flat[r * size + c] = sources.count; sources.append(t) }
        // Gather: position -> source scalar or the zero fill.
        guard !sources.isEmpty, !flat.isEmpty else { return [.tensor(zeros)] }
        let all = try node.wrap { try TensorStorage.joined(sources.map(\.storage)) }
        let storage = try node.wrap { try all.gathered(flat, fill: zeros.storage.element(0)) }
        return [.tensor(Tensor(uncheckedType: dt, shape: shape, storage: storage))]
    }
}

fileprivate extension TensorStorage {
    /// The elements of several storages of one case, in order.
    static func joined(_ parts: [TensorStorage]) throws -> TensorStorage {
        try combine(parts, Concatenate())
    }
    private struct Concatenate: StorageCombine {
        func callAsFunction<T>(_ arrays: [[T]]) throws -> [T] { Array(arrays.joined()) }
    }
}
