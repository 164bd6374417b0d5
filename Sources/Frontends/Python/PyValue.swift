import OnnxFormat

/// A Python value after it crossed into Swift (or before it crosses into Python): the
/// plain types Parity's Python modules exchange, with numpy arrays as `Tensor`s.
public indirect enum PyValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([PyValue])
    case dict([String: PyValue])
    case tensor(Tensor)

    public subscript(key: String) -> PyValue? {
        if case .dict(let d) = self { return d[key] }
        return nil
    }
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    public var double: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var list: [PyValue]? { if case .list(let l) = self { return l } else { return nil } }
    public var dict: [String: PyValue]? { if case .dict(let d) = self { return d } else { return nil } }
    public var tensor: Tensor? { if case .tensor(let t) = self { return t } else { return nil } }
    public var isNone: Bool { self == .none }
}

extension PyValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
                   ExpressibleByFloatLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral v: String) { self = .string(v) }
    public init(integerLiteral v: Int) { self = .int(v) }
    public init(booleanLiteral v: Bool) { self = .bool(v) }
    public init(floatLiteral v: Double) { self = .double(v) }
    public init(nilLiteral: ()) { self = .none }
}
