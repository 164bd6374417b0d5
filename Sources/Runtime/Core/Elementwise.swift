import OnnxFormat

/// Shared machinery for elementwise operators, so that each op file holds only its
/// formula and its type list.
public enum Elementwise {
    /// A binary arithmetic op over the numeric types: one closure per representation.
    public struct Arithmetic: Sendable {
        public var float: (@Sendable (Float, Float) -> Float)?
        public var double: (@Sendable (Double, Double) -> Double)?
        public var int64: (@Sendable (Int64, Int64) throws -> Int64)?
        public var int32: (@Sendable (Int32, Int32) throws -> Int32)?
        public init(float: (@Sendable (Float, Float) -> Float)? = nil, double: (@Sendable (Double, Double) -> Double)? = nil,
                    int64: (@Sendable (Int64, Int64) throws -> Int64)? = nil, int32: (@Sendable (Int32, Int32) throws -> Int32)? = nil) {
            self.float = float; self.double = double; self.int64 = int64; self.int32 = int32
        }
    }

    /// Applies a binary arithmetic op with broadcasting; both inputs must share a type.
    /// Half-precision inputs compute in float and round back.
    public static func binary(_ a: Tensor, _ b: Tensor, _ op: Arithmetic, name: String) throws -> Tensor {
        guard a.dataType == b.dataType else {
            throw RuntimeError("\(name): input types differ (\(a.dataType) and \(b.dataType))")
        }
        switch (a.storage, b.storage) {
        case (.float(let x), .float(let y)):
            guard let f = op.float else { break }
            let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape, f)
            return Tensor(uncheckedType: .float, shape: s, storage: .float(r))
        case (.double(let x), .double(let y)):
            guard let f = op.double else { break }
            let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape, f)
            return Tensor(uncheckedType: .double, shape: s, storage: .double(r))
        case (.int64(let x), .int64(let y)):
            guard let f = op.int64 else { break }
            var err: Error?
            let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape) { (p: Int64, q: Int64) -> Int64 in
                do { return try f(p, q) } catch { err = error; return 0 }
            }
            if let err { throw err }
            return Tensor(uncheckedType: .int64, shape: s, storage: .int64(r))
        case (.int32(let x), .int32(let y)):
            guard let f = op.int32 else { break }
            var err: Error?
            let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape) { (p: Int32, q: Int32) -> Int32 in
                do { return try f(p, q) } catch { err = error; return 0 }
            }
            if let err { throw err }
            return Tensor(uncheckedType: .int32, shape: s, storage: .int32(r))
        case (.bits16, .bits16):
            guard op.float != nil else { break }
            let r = try binary(Cast.toFloat(a), Cast.toFloat(b), op, name: name)
            return Cast.fromFloat(r, to: a.dataType)
        default: break
        }
        throw RuntimeError("\(name): element type \(a.dataType) is not supported")
    }

    /// Applies a float unary op (float, double, float16, bfloat16).
    public static func unary(_ x: Tensor, name: String, _ f: (Float) -> Float, double d: ((Double) -> Double)? = nil) throws -> Tensor {
        switch x.storage {
        case .float(let a):
            let n = a.count
            let r = a.withUnsafeBufferPointer { p in [Float](unsafeUninitializedCapacity: n) { o, c in
                for i in 0..<n { o[i] = f(p[i]) }
                c = n
            } }
            return Tensor(uncheckedType: .float, shape: x.shape, storage: .float(r))
        case .double(let a):
            let r = d.map { a.map($0) } ?? a.map { Double(f(Float($0))) }
            return Tensor(uncheckedType: .double, shape: x.shape, storage: .double(r))
        case .bits16:
            return Cast.fromFloat(try unary(Cast.toFloat(x), name: name, f), to: x.dataType)
        default:
            throw RuntimeError("\(name): element type \(x.dataType) is not supported")
        }
    }
}
