import OnnxFormat

/// The model's declared input or output: its name, kind and `ValueType` (element type and
/// shape, where a dimension is a fixed size, a named symbol such as `batch` or unknown).
public struct ValueSignature: Sendable, Equatable {
    public typealias Dim = ValueType.Dim
    /// What kind of value the edge carries.
    public enum Kind: String, Sendable, Equatable { case tensor, sequence, map, optional, unknown }

    public let name: String
    public let kind: Kind
    /// Element type and shape of a tensor (unknown for other kinds).
    public let type: ValueType
    public var dataType: DataType? { type.dataType }
    public var shape: [Dim]? { type.shape }

    public init(_ v: Onnx_ValueInfoProto) {
        name = v.name
        switch v.type.value {
        case .tensorType?, .sparseTensorType?: kind = .tensor
        case .sequenceType?: kind = .sequence
        case .mapType?: kind = .map
        case .optionalType?: kind = .optional
        default: kind = .unknown
        }
        type = ValueType(v)
    }

    /// "float[batch,3,224,224]"
    public var typeDescription: String {
        if kind != .tensor && kind != .unknown { return kind.rawValue }
        return type.description
    }
}
