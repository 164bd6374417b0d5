import OnnxFormat

/// What is known about a value before the model runs: its element type and its shape,
/// either of which may be unknown. Each dimension is a fixed size, a named symbol
/// (`batch`, kept as the same unknown size wherever it appears) or unknown.
public struct ValueType: Sendable, Equatable, CustomStringConvertible {
    public enum Dim: Sendable, Hashable, CustomStringConvertible {
        case fixed(Int), symbol(String), unknown

        public var description: String {
            switch self {
            case .fixed(let n): return "\(n)"
            case .symbol(let s): return s
            case .unknown: return "?"
            }
        }
        /// The size when fixed.
        public var value: Int? { if case .fixed(let n) = self { return n } else { return nil } }

        /// The product of `dims`: fixed when all are, the symbol when it is the only
        /// non-1 factor, else unknown.
        public static func product<C: Collection>(_ dims: C) -> Dim where C.Element == Dim {
            var n = 1, overflow = false
            var other: [Dim] = []
            for d in dims {
                if let v = d.value {
                    if v == 0 { return .fixed(0) }
                    let (r, o) = n.multipliedReportingOverflow(by: v)
                    n = r
                    overflow = overflow || o
                } else {
                    other.append(d)
                }
            }
            if overflow { return .unknown }
            if other.isEmpty { return .fixed(n) }
            if other.count == 1, n == 1, case .symbol = other[0] { return other[0] }
            return .unknown
        }

        /// `self + k` (Pad, Slice); a symbol survives only k = 0.
        public func adding(_ k: Int) -> Dim {
            if let v = value {
                let (r, o) = v.addingReportingOverflow(k)
                return o ? .unknown : .fixed(r)
            }
            return k == 0 ? self : .unknown
        }

        /// `self * k`; a symbol survives only k = 1.
        public func multiplied(by k: Int) -> Dim {
            if let v = value {
                let (r, o) = v.multipliedReportingOverflow(by: k)
                return o ? .unknown : .fixed(r)
            }
            return k == 1 ? self : (k == 0 ? .fixed(0) : .unknown)
        }

        /// Two descriptions of one dimension, or nil if they contradict (two different
        /// fixed sizes). Keeps the more specific: fixed over symbol over unknown.
        public func merged(with other: Dim) -> Dim? {
            switch (self, other) {
            case (.fixed(let a), .fixed(let b)): return a == b ? self : nil
            case (.fixed, _): return self
            case (_, .fixed): return other
            case (.symbol, _): return self
            default: return other
            }
        }
    }

    public var dataType: DataType?
    /// nil when even the rank is unknown.
    public var shape: [Dim]?

    public init(_ dataType: DataType?, _ shape: [Dim]?) {
        self.dataType = dataType
        self.shape = shape
    }
    public init(_ dataType: DataType?, fixed shape: [Int]) {
        self.init(dataType, shape.map { .fixed($0) })
    }
    /// The exact type of a known tensor.
    public init(of t: Tensor) { self.init(t.dataType, fixed: t.shape) }

    /// The type declared by a graph input, output or value_info entry.
    public init(_ v: Onnx_ValueInfoProto) {
        let tt = v.type.tensorType
        dataType = tt.hasElemType ? DataType(rawValue: tt.elemType) : nil
        shape = tt.hasShape ? tt.shape.dim.map { d in
            switch d.value {
            case .dimValue(let v) where v >= 0: return .fixed(Int(clamping: v))   // some tools write -1 for "dynamic"
            case .dimParam(let p) where !p.isEmpty: return .symbol(p)
            default: return .unknown
            }
        } : nil
    }

    public var rank: Int? { shape?.count }
    /// The shape when every dimension is fixed.
    public var fixedShape: [Int]? {
        guard let shape else { return nil }
        let v = shape.compactMap(\.value)
        return v.count == shape.count ? v : nil
    }
    /// True when nothing at all is known.
    public var isUnknown: Bool { dataType == nil && shape == nil }

    /// "float[batch,3,224,224]"; "float[?]" for an unknown rank.
    public var description: String {
        let t = dataType?.description ?? "?"
        guard let shape else { return "\(t)[?]" }
        return "\(t)[\(shape.map(\.description).joined(separator: ","))]"
    }
    /// "[batch,3]", "[?]" for an unknown rank.
    public var shapeDescription: String {
        guard let shape else { return "[?]" }
        return "[\(shape.map(\.description).joined(separator: ","))]"
    }

    /// Both descriptions of one value combined, or nil if they contradict (element types
    /// or ranks differ, or one dimension has two fixed sizes).
    public func merged(with other: ValueType) -> ValueType? {
        var out = self
        if let a = dataType, let b = other.dataType, a != b { return nil }
        out.dataType = dataType ?? other.dataType
        switch (shape, other.shape) {
        case (let a?, let b?):
            guard a.count == b.count else { return nil }
            var dims: [Dim] = []
            for (x, y) in zip(a, b) {
                guard let d = x.merged(with: y) else { return nil }
                dims.append(d)
            }
            out.shape = dims
        case (nil, let b): out.shape = b
        default: break
        }
        return out
    }
}
