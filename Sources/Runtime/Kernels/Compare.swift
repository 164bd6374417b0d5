import OnnxFormat

/// A comparison written once over every Comparable element type.
protocol ComparePredicate: Sendable {
    func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool
}

extension Elementwise {
    /// Compares two tensors of the same type with broadcasting, giving a bool tensor.
    /// Numeric types, strings and bool (false < true); float16/bfloat16 compare as float.
    static func compare(_ a: Tensor, _ b: Tensor, _ p: some ComparePredicate, name: String) throws -> Tensor {
        guard a.dataType == b.dataType else {
            throw RuntimeError("\(name): input types differ (\(a.dataType) and \(b.dataType))")
        }
        func run<T: Comparable>(_ x: [T], _ y: [T]) throws -> Tensor {
            let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape) { p($0, $1) }
            return Tensor(uncheckedType: .bool, shape: s, storage: .bool(r))
        }
        switch (a.storage, b.storage) {
        case (.float(let x), .float(let y)): return try run(x, y)
        case (.double(let x), .double(let y)): return try run(x, y)
        case (.int8(let x), .int8(let y)): return try run(x, y)
        case (.int16(let x), .int16(let y)): return try run(x, y)
        case (.int32(let x), .int32(let y)): return try run(x, y)
        case (.int64(let x), .int64(let y)): return try run(x, y)
        case (.uint8(let x), .uint8(let y)): return try run(x, y)
        case (.uint16(let x), .uint16(let y)): return try run(x, y)
        case (.uint32(let x), .uint32(let y)): return try run(x, y)
        case (.uint64(let x), .uint64(let y)): return try run(x, y)
        case (.string(let x), .string(let y)): return try run(x, y)
        case (.bool(let x), .bool(let y)): return try run(x.map { $0 ? 1 as UInt8 : 0 }, y.map { $0 ? 1 as UInt8 : 0 })
        case (.bits16, .bits16):
            guard let x = Cast.toFloat(a).floats, let y = Cast.toFloat(b).floats else { break }
            return try run(x, y)
        default: break
        }
        throw RuntimeError("\(name): element type \(a.dataType) is not supported")
    }

    /// A boolean binary op with broadcasting.
    static func logical(_ a: Tensor, _ b: Tensor, name: String, _ f: (Bool, Bool) -> Bool) throws -> Tensor {
        guard case .bool(let x) = a.storage, case .bool(let y) = b.storage else {
            throw RuntimeError("\(name): inputs must be bool, got \(a.dataType) and \(b.dataType)")
        }
        let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape, f)
        return Tensor(uncheckedType: .bool, shape: s, storage: .bool(r))
    }
}
