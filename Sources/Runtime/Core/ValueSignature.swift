import OnnxFormat

/// The model's declared input or output: name, element type and shape, where a dimension
/// is a fixed size, a named symbol (`batch`) or unknown.
public struct ValueSignature: Sendable, Equatable {
    public enum Dim: Sendable, Equatable, CustomStringConvertible {
        case fixed(Int), symbol(String), unknown
        public var description: String {
            switch self {
            case .fixed(let n): return "\(n)"
            case .symbol(let s): return s
            case .unknown: return "?"
            }
        }
    }
    /// What kind of value the edge carries.
    public enum Kind: String, Sendable, Equatable { case tensor, sequence, map, optional, unknown }

    public let name: String
    public let kind: Kind
    /// Element type of a tensor (or of a sequence's/optional's tensors).
    public let dataType: DataType?
    public let shape: [Dim]?

    public init(_ v: Onnx_ValueInfoProto) {
        name = v.name
        switch v.type.value {
        case .tensorType?, .sparseTensorType?: kind = .tensor
        case .sequenceType?: kind = .sequence
        case .mapType?: kind = .map
        case .optionalType?: kind = .optional
        default: kind = .unknown
        }
        if v.type.tensorType.hasElemType {
            dataType = DataType(rawValue: v.type.tensorType.elemType)
        } else {
            dataType = nil
        }
        if v.type.tensorType.hasShape {
            shape = v.type.tensorType.shape.dim.map { d in
                switch d.value {
                case .dimValue(let v): return .fixed(Int(clamping: v))
                case .dimParam(let p) where !p.isEmpty: return .symbol(p)
                default: return .unknown
                }
            }
        } else {
            shape = nil
        }
    }

    /// "float[batch,3,224,224]"
    public var typeDescription: String {
        if kind != .tensor && kind != .unknown { return kind.rawValue }
        let t = dataType?.description ?? "?"
        guard let shape else { return "\(t)[?]" }
        return "\(t)[\(shape.map(\.description).joined(separator: ","))]"
    }
}

