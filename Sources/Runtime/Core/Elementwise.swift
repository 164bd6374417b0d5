import OnnxFormat

/// Shared machinery for elementwise operators, so that each op file holds only its
/// formula and its type list.
public enum Elementwise {
    /// A binary arithmetic op over the numeric types: one closure per float representation
    /// and one function written once over every fixed-width integer type (int8 ... uint64),
    /// which applies the integer semantics (wrap-around as numpy, errors for division by 0).
    public struct Arithmetic: Sendable {
        public var float: (@Sendable (Float, Float) -> Float)?
        public var double: (@Sendable (Double, Double) -> Double)?
        var integer: (any IntegerBinaryFunction & Sendable)?
        /// The C kernel's op code (PK_ADD ...) when float32 can skip the closure.
        var fastFloat: Int32?
        public init(float: (@Sendable (Float, Float) -> Float)? = nil, double: (@Sendable (Double, Double) -> Double)? = nil) {
            self.float = float; self.double = double
        }
        init(float: (@Sendable (Float, Float) -> Float)? = nil, double: (@Sendable (Double, Double) -> Double)? = nil,
             integer: some IntegerBinaryFunction & Sendable, fastFloat: Int32? = nil) {
            self.float = float; self.double = double; self.integer = integer; self.fastFloat = fastFloat
        }
    }

    /// Applies a binary arithmetic op with broadcasting; both inputs must share a type.
    /// Half-precision inputs compute in float and round back.
    public static func binary(_ a: Tensor, _ b: Tensor, _ op: Arithmetic, name: String) throws -> Tensor {
        guard a.dataType == b.dataType else {
            throw RuntimeError("\(name): input types differ (\(a.dataType) and \(b.dataType))")
        }
        if let f = op.integer, let r = try integer(a, b, f) { return r }
        switch (a.storage, b.storage) {
        case (.float(let x), .float(let y)):
            if let code = op.fastFloat {
                let (r, s) = try FastElementwise.binary(code, x, a.shape, y, b.shape)
                return Tensor(uncheckedType: .float, shape: s, storage: .float(r))
            }
            guard let f = op.float else { break }
            let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape, f)
            return Tensor(uncheckedType: .float, shape: s, storage: .float(r))
        case (.double(let x), .double(let y)):
            guard let f = op.double else { break }
            let (r, s) = try Broadcast.binary(x, a.shape, y, b.shape, f)
            return Tensor(uncheckedType: .double, shape: s, storage: .double(r))
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
