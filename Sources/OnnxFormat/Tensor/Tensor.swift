/// The typed element buffer of a `Tensor`. Half-precision and 8-bit float types keep their
/// raw bit patterns; kernels widen them to `Float` when they compute.
public enum TensorStorage: Sendable, Equatable {
    case float([Float])
    case double([Double])
    case int8([Int8]), int16([Int16]), int32([Int32]), int64([Int64])
    case uint8([UInt8]), uint16([UInt16]), uint32([UInt32]), uint64([UInt64])
    case bool([Bool])
    case string([String])
    /// float16, bfloat16: 16-bit patterns.
    case bits16([UInt16])
    /// float8 variants and the packed 4- and 2-bit types (one element per byte, unpacked).
    case bits8([UInt8])

    public var count: Int {
        switch self {
        case .float(let a): return a.count
        case .double(let a): return a.count
        case .int8(let a): return a.count
        case .int16(let a): return a.count
        case .int32(let a): return a.count
        case .int64(let a): return a.count
        case .uint8(let a): return a.count
        case .uint16(let a): return a.count
        case .uint32(let a): return a.count
        case .uint64(let a): return a.count
        case .bool(let a): return a.count
        case .string(let a): return a.count
        case .bits16(let a): return a.count
        case .bits8(let a): return a.count
        }
    }
}

/// Errors raised while building or converting tensors. Every message names what was wrong.
public struct TensorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A dense, row-major n-dimensional array of one ONNX element type.
///
/// A value type: copies share storage until one is mutated (Swift's copy-on-write arrays).
public struct Tensor: Sendable, Equatable {
    public let dataType: DataType
    public private(set) var shape: [Int]
    public var storage: TensorStorage

    /// Number of elements: the product of `shape` (1 for a scalar).
    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    /// Creates a tensor, checking that `storage` holds exactly `shape.product` elements of a
    /// representation that fits `dataType`.
    public init(dataType: DataType, shape: [Int], storage: TensorStorage) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw TensorError("negative dimension in shape \(shape)") }
        let n = Tensor.elementCount(shape)
        guard n == storage.count else {
            throw TensorError("shape \(shape) needs \(n) elements, storage has \(storage.count)")
        }
        guard Tensor.storageFits(dataType, storage) else {
            throw TensorError("storage does not match element type \(dataType)")
        }
        self.dataType = dataType
        self.shape = shape
        self.storage = storage
    }

    /// Unchecked initialiser for kernels that computed `storage` from `shape` themselves.
    public init(uncheckedType dataType: DataType, shape: [Int], storage: TensorStorage) {
        self.dataType = dataType
        self.shape = shape
        self.storage = storage
    }

    public init(shape: [Int], floats: [Float]) {
        precondition(Tensor.elementCount(shape) == floats.count, "shape/element count mismatch")
        self.init(uncheckedType: .float, shape: shape, storage: .float(floats))
    }

    public init(shape: [Int], int64s: [Int64]) {
        precondition(Tensor.elementCount(shape) == int64s.count, "shape/element count mismatch")
        self.init(uncheckedType: .int64, shape: shape, storage: .int64(int64s))
    }

    public static func scalar(_ v: Float) -> Tensor { Tensor(shape: [], floats: [v]) }
    public static func scalar(_ v: Int64) -> Tensor { Tensor(shape: [], int64s: [v]) }

    /// A zero-filled tensor (empty strings, false).
    public static func zeros(_ dataType: DataType, shape: [Int]) -> Tensor {
        let n = elementCount(shape)
        let s: TensorStorage
        switch dataType {
        case .float: s = .float(.init(repeating: 0, count: n))
        case .double: s = .double(.init(repeating: 0, count: n))
        case .int8: s = .int8(.init(repeating: 0, count: n))
        case .int16: s = .int16(.init(repeating: 0, count: n))
        case .int32: s = .int32(.init(repeating: 0, count: n))
        case .int64: s = .int64(.init(repeating: 0, count: n))
        case .uint8: s = .uint8(.init(repeating: 0, count: n))
        case .uint16: s = .uint16(.init(repeating: 0, count: n))
        case .uint32: s = .uint32(.init(repeating: 0, count: n))
        case .uint64: s = .uint64(.init(repeating: 0, count: n))
        case .bool: s = .bool(.init(repeating: false, count: n))
        case .string: s = .string(.init(repeating: "", count: n))
        case .float16, .bfloat16: s = .bits16(.init(repeating: 0, count: n))
        case .complex64: s = .float(.init(repeating: 0, count: n * 2))
        case .complex128: s = .double(.init(repeating: 0, count: n * 2))
        default: s = .bits8(.init(repeating: 0, count: n))
        }
        return Tensor(uncheckedType: dataType, shape: shape, storage: s)
    }

    /// The same elements under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        guard Tensor.elementCount(newShape) == count, newShape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError("cannot reshape \(shape) (\(count) elements) to \(newShape)")
        }
        var t = self
        t.shape = newShape
        return t
    }

    /// Product of the dimensions; 1 for a scalar.
    public static func elementCount(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n = n.multipliedReportingOverflow(by: d).overflow ? Int.max : n * d }
        return n
    }

    /// Row-major strides in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    static func storageFits(_ t: DataType, _ s: TensorStorage) -> Bool {
        switch (t, s) {
        case (.float, .float), (.double, .double), (.int8, .int8), (.int16, .int16),
             (.int32, .int32), (.int64, .int64), (.uint8, .uint8), (.uint16, .uint16),
             (.uint32, .uint32), (.uint64, .uint64), (.bool, .bool), (.string, .string),
             (.float16, .bits16), (.bfloat16, .bits16),
             (.float8e4m3fn, .bits8), (.float8e4m3fnuz, .bits8), (.float8e5m2, .bits8),
             (.float8e5m2fnuz, .bits8), (.uint4, .bits8), (.int4, .bits8), (.float4e2m1, .bits8),
             (.float8e8m0, .bits8), (.uint2, .bits8), (.int2, .bits8):
            return true
        default:
            return false
        }
    }
}

extension Tensor {
    /// The float32 elements, or nil when the tensor is of another type.
    public var floats: [Float]? { if case .float(let a) = storage { return a } else { return nil } }
    public var doubles: [Double]? { if case .double(let a) = storage { return a } else { return nil } }
    public var int64s: [Int64]? { if case .int64(let a) = storage { return a } else { return nil } }

    /// Every element widened to Double (strings excluded: nil). Used by comparison and
    /// summaries, never by hot kernels.
    public func asDoubles() -> [Double]? {
        switch storage {
        case .float(let a): return a.map(Double.init)
        case .double(let a): return a
        case .int8(let a): return a.map(Double.init)
        case .int16(let a): return a.map(Double.init)
        case .int32(let a): return a.map(Double.init)
        case .int64(let a): return a.map(Double.init)
        case .uint8(let a): return a.map(Double.init)
        case .uint16(let a): return a.map(Double.init)
        case .uint32(let a): return a.map(Double.init)
        case .uint64(let a): return a.map { Double($0) }  // not map(Double.init): that picks init(bitPattern:)
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .string: return nil
        case .bits16(let a):
            return dataType == .bfloat16 ? a.map { Double(Float(bfloat16Bits: $0)) } : a.map { Double(Float(float16Bits: $0)) }
        case .bits8: return nil
        }
    }

    /// Integer elements as Int64 (for shape-like inputs: Reshape's shape, Slice's starts...).
    public func asInt64s() -> [Int64]? {
        switch storage {
        case .int64(let a): return a
        case .int32(let a): return a.map(Int64.init)
        case .int16(let a): return a.map(Int64.init)
        case .int8(let a): return a.map(Int64.init)
        case .uint8(let a): return a.map(Int64.init)
        case .uint16(let a): return a.map(Int64.init)
        case .uint32(let a): return a.map(Int64.init)
        case .uint64(let a): return a.map { Int64(clamping: $0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        default: return nil
        }
    }
}

extension Float {
    /// IEEE half precision bits to Float.
    public init(float16Bits h: UInt16) {
        let sign = UInt32(h & 0x8000) << 16
        let exp = Int((h >> 10) & 0x1F)
        let mant = UInt32(h & 0x3FF)
        if exp == 0 {
            // Zero or subnormal: value = mant * 2^-24.
            let v = Float(mant) * Float(sign: .plus, exponent: -24, significand: 1)
            self = sign != 0 ? -v : v
        } else if exp == 31 {
            self = Float(bitPattern: sign | 0x7F80_0000 | (mant << 13))
        } else {
            self = Float(bitPattern: sign | UInt32(exp - 15 + 127) << 23 | (mant << 13))
        }
    }

    /// bfloat16 bits (the upper half of a float32) to Float.
    public init(bfloat16Bits b: UInt16) { self = Float(bitPattern: UInt32(b) << 16) }

    /// Float to IEEE half bits, round to nearest even.
    public var float16Bits: UInt16 { Float16Conversion.toHalf(self) }

    /// Float to bfloat16 bits, round to nearest even; NaN stays NaN.
    public var bfloat16Bits: UInt16 {
        if isNaN { return 0x7FC0 }
        let u = bitPattern
        let rounding: UInt32 = 0x7FFF + ((u >> 16) & 1)
        return UInt16((u &+ rounding) >> 16)
    }
}

enum Float16Conversion {
    static func toHalf(_ f: Float) -> UInt16 {
        #if arch(x86_64) || arch(arm64)
        return Float16(f).bitPattern
        #else
        fatalError("Float16 unsupported on this architecture")
        #endif
    }
}
