import OnnxFormat

/// A scalar function written once over every fixed-width integer type.
protocol IntegerFunction {
    func callAsFunction<T: FixedWidthInteger>(_ x: T) -> T
}

/// A binary function written once over every fixed-width integer type; may throw
/// (integer division by zero).
protocol IntegerBinaryFunction {
    func callAsFunction<T: FixedWidthInteger>(_ x: T, _ y: T) throws -> T
}

extension Elementwise {
    /// Applies `f` to an integer tensor of any width; nil when `x` is not an integer tensor.
    static func integer(_ x: Tensor, _ f: some IntegerFunction) -> Tensor? {
        let s: TensorStorage
        switch x.storage {
        case .int8(let a): s = .int8(a.map { f($0) })
        case .int16(let a): s = .int16(a.map { f($0) })
        case .int32(let a): s = .int32(a.map { f($0) })
        case .int64(let a): s = .int64(a.map { f($0) })
        case .uint8(let a): s = .uint8(a.map { f($0) })
        case .uint16(let a): s = .uint16(a.map { f($0) })
        case .uint32(let a): s = .uint32(a.map { f($0) })
        case .uint64(let a): s = .uint64(a.map { f($0) })
        default: return nil
        }
        return x.with(shape: x.shape, storage: s)
    }

    /// Applies `f` with broadcasting to two integer tensors of the same type; nil when
    /// they are not integer tensors.
    static func integer(_ a: Tensor, _ b: Tensor, _ f: some IntegerBinaryFunction) throws -> Tensor? {
        guard a.dataType == b.dataType else { return nil }
        func run<T: FixedWidthInteger>(_ x: [T], _ y: [T], _ wrap: ([T]) -> TensorStorage) throws -> Tensor {
            var err: Error?
            let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape) { (p: T, q: T) -> T in
                do { return try f(p, q) } catch { err = error; return 0 }
            }
            if let err { throw err }
            return a.with(shape: s, storage: wrap(r))
        }
        switch (a.storage, b.storage) {
        case (.int8(let x), .int8(let y)): return try run(x, y) { .int8($0) }
        case (.int16(let x), .int16(let y)): return try run(x, y) { .int16($0) }
        case (.int32(let x), .int32(let y)): return try run(x, y) { .int32($0) }
        case (.int64(let x), .int64(let y)): return try run(x, y) { .int64($0) }
        case (.uint8(let x), .uint8(let y)): return try run(x, y) { .uint8($0) }
        case (.uint16(let x), .uint16(let y)): return try run(x, y) { .uint16($0) }
        case (.uint32(let x), .uint32(let y)): return try run(x, y) { .uint32($0) }
        case (.uint64(let x), .uint64(let y)): return try run(x, y) { .uint64($0) }
        default: return nil
        }
    }

    /// A binary op over float-like types (float, double, float16/bfloat16 via float) and
    /// every integer type. Both inputs must share a type.
    static func numeric(_ a: Tensor, _ b: Tensor, float: @escaping @Sendable (Float, Float) -> Float,
                        double: @escaping @Sendable (Double, Double) -> Double,
                        integer: some IntegerBinaryFunction, name: String) throws -> Tensor {
        guard a.dataType == b.dataType else {
            throw RuntimeError("\(name): input types differ (\(a.dataType) and \(b.dataType))")
        }
        if let r = try Elementwise.integer(a, b, integer) { return r }
        return try binary(a, b, Arithmetic(float: float, double: double), name: name)
    }
}
