
/// A key of an ONNX map value (int64 or string keys, as ZipMap and DictVectorizer use).
public enum MapKey: Hashable, Sendable, CustomStringConvertible {
    case int(Int64), string(String)
    public var description: String {
        switch self {
        case .int(let i): return "\(i)"
        case .string(let s): return "\"\(s)\""
        }
    }
}

/// Any value that flows along a graph edge: a tensor, a sequence, a map or an optional.
/// In the runtime most operators only ever see tensors; sequence, optional and
/// control-flow operators work on values.
public indirect enum Value: Sendable, Equatable {
    case tensor(Tensor)
    /// A sequence; `elementType` is known even when the sequence is empty.
    case sequence(elementType: DataType?, [Value])
    /// A map with keys in insertion order.
    case map(keys: [MapKey], values: [Value])
    /// An optional: nil is an empty optional.
    case optional(Value?)

    public var tensor: Tensor? { if case .tensor(let t) = self { return t } else { return nil } }

    /// The tensor, or an error naming what the value is instead.
    public func asTensor(_ what: @autoclosure () -> String = "value") throws -> Tensor {
        guard case .tensor(let t) = self else { throw TensorError("\(what()) is a \(kind), expected a tensor") }
        return t
    }

    public var kind: String {
        switch self {
        case .tensor: return "tensor"
        case .sequence: return "sequence"
        case .map: return "map"
        case .optional: return "optional"
        }
    }
}

