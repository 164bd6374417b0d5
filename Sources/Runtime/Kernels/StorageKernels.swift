import OnnxFormat

/// A transform written once, generically over the element type, and applied to whichever
/// array a `TensorStorage` holds. Type-generic ops (Transpose, Gather, Slice, Concat...)
/// express themselves as one of these instead of one copy per element type.
protocol StorageTransform {
    func callAsFunction<T>(_ a: [T]) throws -> [T]
}

/// Like `StorageTransform` but over several arrays of the same element type (Concat, Where).
protocol StorageCombine {
    func callAsFunction<T>(_ arrays: [[T]]) throws -> [T]
}

extension TensorStorage {
    /// Applies `t` to the element array, keeping the storage case.
    func map(_ t: some StorageTransform) throws -> TensorStorage {
        switch self {
        case .float(let a): return .float(try t(a))
        case .double(let a): return .double(try t(a))
        case .int8(let a): return .int8(try t(a))
        case .int16(let a): return .int16(try t(a))
        case .int32(let a): return .int32(try t(a))
        case .int64(let a): return .int64(try t(a))
        case .uint8(let a): return .uint8(try t(a))
        case .uint16(let a): return .uint16(try t(a))
        case .uint32(let a): return .uint32(try t(a))
        case .uint64(let a): return .uint64(try t(a))
        case .bool(let a): return .bool(try t(a))
        case .string(let a): return .string(try t(a))
        case .bits16(let a): return .bits16(try t(a))
        case .bits8(let a): return .bits8(try t(a))
        }
    }

    /// Applies `t` to the arrays of several storages, which must all be the same case.
    static func combine(_ parts: [TensorStorage], _ t: some StorageCombine) throws -> TensorStorage {
        guard let first = parts.first else { throw RuntimeError("no inputs to combine") }
        func all<T>(_ extract: (TensorStorage) -> [T]?) throws -> [[T]] {
            try parts.map {
                guard let a = extract($0) else { throw RuntimeError("inputs have different element types") }
                return a
            }
        }
        switch first {
        case .float: return .float(try t(all { if case .float(let a) = $0 { a } else { nil } }))
        case .double: return .double(try t(all { if case .double(let a) = $0 { a } else { nil } }))
        case .int8: return .int8(try t(all { if case .int8(let a) = $0 { a } else { nil } }))
        case .int16: return .int16(try t(all { if case .int16(let a) = $0 { a } else { nil } }))
        case .int32: return .int32(try t(all { if case .int32(let a) = $0 { a } else { nil } }))
        case .int64: return .int64(try t(all { if case .int64(let a) = $0 { a } else { nil } }))
        case .uint8: return .uint8(try t(all { if case .uint8(let a) = $0 { a } else { nil } }))
        case .uint16: return .uint16(try t(all { if case .uint16(let a) = $0 { a } else { nil } }))
        case .uint32: return .uint32(try t(all { if case .uint32(let a) = $0 { a } else { nil } }))
        case .uint64: return .uint64(try t(all { if case .uint64(let a) = $0 { a } else { nil } }))
        case .bool: return .bool(try t(all { if case .bool(let a) = $0 { a } else { nil } }))
        case .string: return .string(try t(all { if case .string(let a) = $0 { a } else { nil } }))
        case .bits16: return .bits16(try t(all { if case .bits16(let a) = $0 { a } else { nil } }))
        case .bits8: return .bits8(try t(all { if case .bits8(let a) = $0 { a } else { nil } }))
        }
    }

    /// The elements at `indices` (each already bounds-checked by the caller against
    /// `count`); a negative index takes element 0 of `fill` (Pad's constant).
    func gathered(_ indices: [Int], fill: TensorStorage? = nil) throws -> TensorStorage {
        if let fill {
            return try TensorStorage.combine([self, fill], GatherFill(indices: indices))
        }
        return try map(Gather(indices: indices))
    }

    private struct Gather: StorageTransform {
        let indices: [Int]
        func callAsFunction<T>(_ a: [T]) throws -> [T] {
            let n = indices.count
            let count = a.count
            if n == 0 { return [] }
            return try a.withUnsafeBufferPointer { p in
                try indices.withUnsafeBufferPointer { ix in
                    try [T](unsafeUninitializedCapacity: n) { o, c in
                        for i in 0..<n {
                            let k = ix[i]
                            guard k >= 0, k < count else {
                                // Initialised prefix only; nothing else is read.
                                c = i
                                throw RuntimeError("internal index \(k) out of range 0..<\(count)")
                            }
                            (o.baseAddress! + i).initialize(to: p[k])
                        }
                        c = n
                    }
                }
            }
        }
    }

    private struct GatherFill: StorageCombine {
        let indices: [Int]
        func callAsFunction<T>(_ arrays: [[T]]) throws -> [T] {
            let a = arrays[0]
            guard let v = arrays[1].first else { throw RuntimeError("empty fill value") }
            return try indices.map { k in
                if k < 0 { return v }
                guard k < a.count else { throw RuntimeError("internal index \(k) out of range 0..<\(a.count)") }
                return a[k]
            }
        }
    }

    /// Element `i` as a one-element storage of the same case.
    func element(_ i: Int) throws -> TensorStorage { try gathered([i]) }

    /// `count` copies of element 0.
    func repeated(_ count: Int) throws -> TensorStorage {
        try gathered([Int](repeating: 0, count: count))
    }
}

extension Tensor {
    /// A tensor of the same element type with new storage and shape.
    func with(shape: [Int], storage: TensorStorage) -> Tensor {
        Tensor(uncheckedType: dataType, shape: shape, storage: storage)
    }

    /// The elements picked by `indices` (row-major over `shape`), same element type.
    func gathered(_ indices: [Int], shape: [Int], fill: Tensor? = nil) throws -> Tensor {
        with(shape: shape, storage: try storage.gathered(indices, fill: fill?.storage))
    }
}

/// Copies a strided view: output element k (row-major over `shape`) is input element
/// `offset + sum(idx[d] * strides[d])`. Written once for every element type (Transpose).
struct StridedCopy: StorageTransform {
    let shape: [Int], strides: [Int], offset: Int
    func callAsFunction<T>(_ a: [T]) throws -> [T] {
        let n = Tensor.elementCount(shape)
        let r = shape.count
        if n == 0 { return [] }
        // Bounds: the largest and smallest offsets the view can reach.
        var lo = offset, hi = offset
        for d in 0..<r where shape[d] > 0 {
            let span = strides[d] * (shape[d] - 1)
            if span > 0 { hi += span } else { lo += span }
        }
        guard lo >= 0, hi < a.count else { throw RuntimeError("internal strided view out of range") }
        if r == 0 { return [a[offset]] }
        return a.withUnsafeBufferPointer { p in
            [T](unsafeUninitializedCapacity: n) { o, c in
                var idx = [Int](repeating: 0, count: r)
                var off = offset, k = 0
                let last = r - 1, lastDim = shape[last], lastStride = strides[last]
                let out = o.baseAddress!
                while k < n {
                    var q = off
                    for _ in 0..<lastDim { (out + k).initialize(to: p[q]); q += lastStride; k += 1 }
                    var d = last - 1
                    while d >= 0 {
                        idx[d] += 1
                        off += strides[d]
                        if idx[d] < shape[d] { break }
                        off -= strides[d] * idx[d]
                        idx[d] = 0
                        d -= 1
                    }
                    if d < 0 { break }
                }
                c = n
            }
        }
    }
}

/// Index arithmetic shared by the tensor ops.
enum Index {
    /// Resolves a possibly negative axis in [-rank, rank) to [0, rank), or throws naming the
    /// node. Ops whose axis may equal the rank (Flatten, Unsqueeze) pass rank + 1.
    static func axis(_ a: Int, rank: Int, _ node: NodeInfo, what: String = "axis") throws -> Int {
        let r = a < 0 ? a + rank : a
        guard r >= 0, r < rank else {
            throw RuntimeError.node(node, "\(what) \(a) is out of range for rank \(rank)")
        }
        return r
    }

    /// Resolves a list of axes; duplicates are an error.
    static func axes(_ a: [Int], rank: Int, _ node: NodeInfo) throws -> [Int] {
        let r = try a.map { try axis($0, rank: rank, node) }
        guard Set(r).count == r.count else { throw RuntimeError.node(node, "repeated axis in \(a)") }
        return r
    }

    /// For each element of the output (row-major), its flat source offset in the input,
    /// built dimension by dimension: `sources[d]` lists, for every output coordinate along
    /// d, the input coordinate (or -1 for "no source": Pad's constant, Trilu's zero), and
    /// `inputShape[d]` is that input dimension. Used by Slice, Tile, Pad, Expand.
    static func product(_ sources: [[Int]], inputShape: [Int]) -> [Int] {
        var map = [0]
        for (d, list) in sources.enumerated() {
            let s = inputShape[d]
            var next = [Int]()
            next.reserveCapacity(map.count * list.count)
            for m in map {
                if m < 0 {
                    next.append(contentsOf: repeatElement(-1, count: list.count))
                } else {
                    let base = m * s
                    for src in list { next.append(src < 0 ? -1 : base + src) }
                }
            }
            map = next
        }
        return map
    }

    /// For each element of a strided view (row-major over `shape`), its flat offset
    /// `offset + sum(idx[d] * strides[d])`.
    static func strided(shape: [Int], strides: [Int], offset: Int = 0) -> [Int] {
        var map = [offset]
        for (d, n) in shape.enumerated() {
            let st = strides[d]
            var next = [Int]()
            next.reserveCapacity(map.count * n)
            for m in map { for k in 0..<n { next.append(m + k * st) } }
            map = next
        }
        return map
    }

    /// The integer elements of a shape-like input (int32/int64), or an error.
    static func ints(_ t: Tensor, _ node: NodeInfo, _ what: String) throws -> [Int] {
        guard let v = t.asInt64s(), t.dataType == .int64 || t.dataType == .int32 else {
            throw RuntimeError.node(node, "\(what) must be int64 or int32, got \(t.dataType)")
        }
        return v.map { Int(clamping: $0) }
    }
}
