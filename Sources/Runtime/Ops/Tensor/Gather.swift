import OnnxFormat

/// Gather: picks slices of `data` along `axis` (default 0) by `indices` (int32/int64,
/// negative counts from the end) (ai.onnx Gather, opsets 1-13). Output shape is
/// data[:axis] + indices.shape + data[axis+1:]. Every index is bounds-checked. Any type.
/// A large constant table left in its external-data file (`RowServedTables`) is read row by
/// row from there.
struct Gather: Operator {
    let node: NodeInfo
    let axis: Int
    /// Set by the session before any run when `data` is a table it left in its file.
    let table = TableSlot()

    final class TableSlot: @unchecked Sendable {
        var file: ExternalTensorFile?
    }

    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: 0)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let indicesT = try node.required(inputs, 1)
        if let file = table.file { return [try Self.rows(of: file, indicesT, node)] }
        let data = try node.required(inputs, 0)
        let ax = try Index.axis(axis, rank: data.rank, node)
        let dim = data.shape[ax]
        let resolved = try Self.picks(indicesT, axis: ax, size: dim, node)
        let outer = data.shape[..<ax].reduce(1, *)
        let inner = data.shape[(ax + 1)...].reduce(1, *)
        let shape = Array(data.shape[..<ax]) + indicesT.shape + Array(data.shape[(ax + 1)...])
        // The common element types copy whole contiguous slices (an embedding row, one of
        // Q/K/V) instead of going element by element through an index map. (complex types
        // store two floats per element: they take the map.)
        func blocks<E>(_ a: [E]) -> [E] { Self.copyBlocks(a, outer: outer, dim: dim, inner: inner, picks: resolved) }
        switch data.storage {
        case .float(let a) where data.dataType == .float: return [Tensor(uncheckedType: data.dataType, shape: shape, storage: .float(blocks(a)))]
        case .double(let a) where data.dataType == .double: return [Tensor(uncheckedType: data.dataType, shape: shape, storage: .double(blocks(a)))]
        case .int64(let a): return [Tensor(uncheckedType: data.dataType, shape: shape, storage: .int64(blocks(a)))]
        case .int32(let a): return [Tensor(uncheckedType: data.dataType, shape: shape, storage: .int32(blocks(a)))]
        default: break
        }
        var map = [Int]()
        map.reserveCapacity(outer * resolved.count * inner)
        for o in 0..<outer {
            for j in resolved {
                let base = (o * dim + j) * inner
                for i in 0..<inner { map.append(base + i) }
            }
        }
        return [try data.gathered(map, shape: shape)]
    }

    /// The indices as positions along an axis of `size` (negative ones counted from the
    /// end), each checked to lie inside it.
    static func picks(_ indicesT: Tensor, axis: Int, size dim: Int, _ node: NodeInfo) throws -> [Int] {
        try Index.ints(indicesT, node, "indices").map { i -> Int in
            let j = i < 0 ? i + dim : i
            guard j >= 0, j < dim else { throw RuntimeError.node(node, "index \(i) is out of range for axis \(axis) of size \(dim)") }
            return j
        }
    }

    /// `indices`' rows of the table in `file` (axis 0), each read with one pread.
    static func rows(of file: ExternalTensorFile, _ indicesT: Tensor, _ node: NodeInfo) throws -> Tensor {
        guard let dim = file.shape.first else { throw RuntimeError.node(node, "the table is a scalar") }
        let inner = file.shape.dropFirst().reduce(1, *)
        let rowBytes = inner * file.elementBytes
        let shape = indicesT.shape + file.shape.dropFirst()
        let picks = try Self.picks(indicesT, axis: 0, size: dim, node)
        let storage: TensorStorage
        do {
            storage = try file.makeStorage(count: picks.count * inner) { dst in
                for (k, j) in picks.enumerated() { try file.read(at: j * rowBytes, count: rowBytes, into: dst + k * rowBytes) }
            }
        } catch { throw RuntimeError.node(node, "\(error)") }
        return Tensor(uncheckedType: file.dataType, shape: shape, storage: storage)
    }

    /// For each outer index and each pick, the `inner` contiguous elements of that slice
    /// (picks already bounds-checked against `dim`).
    static func copyBlocks<E>(_ a: [E], outer: Int, dim: Int, inner: Int, picks: [Int]) -> [E] {
        let count = outer * picks.count * inner
        return [E](unsafeUninitializedCapacity: count) { out, initialized in
            initialized = 0
            guard count > 0, let dst = out.baseAddress else { return }
            a.withUnsafeBufferPointer { src in
                guard let base = src.baseAddress else { return }
                var at = 0
                for o in 0..<outer {
                    for j in picks {
                        (dst + at).initialize(from: base + (o * dim + j) * inner, count: inner)
                        at += inner
                    }
                }
                initialized = at
            }
        }
    }
}

extension Gather: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let data: ValueType? = inputs.at(0)
        guard let ds = data?.shape, let idx = inputs.at(1)?.shape else { return [ValueType(data?.dataType, nil)] }
        let ax = try Index.axis(axis, rank: ds.count, node)
        return [ValueType(data?.dataType, Array(ds[..<ax]) + idx + Array(ds[(ax + 1)...]))]
    }
}
