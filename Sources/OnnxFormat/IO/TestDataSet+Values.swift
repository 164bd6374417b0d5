import Foundation
import SwiftProtobuf

/// Test data files that hold any ONNX value: a `TensorProto`, `SequenceProto`,
/// `MapProto` or `OptionalProto` (onnx-data.proto), read into `Value`.
///
/// A `.pb` file does not say which message it holds, so the reader takes the declared
/// type of the graph input or output it belongs to (`Onnx_TypeProto`, from the model).
/// Without a type it tries a tensor first, then a sequence, an optional and a map,
/// accepting the first that decodes without leftover fields.
extension TestDataSet {
    /// The inputs, in order, as values. `types[K]` is the declared type of graph input K
    /// when known (a shorter or empty array means "unknown").
    public func readInputValues(types: [Onnx_TypeProto?] = []) throws -> [(name: String, value: Value)] {
        try inputFiles.enumerated().map { k, path in
            try TestDataSet.readValue(path: path, type: k < types.count ? types[k] : nil)
        }
    }

    /// The expected outputs, in order, as values; `types` as for `readInputValues`.
    public func readOutputValues(types: [Onnx_TypeProto?] = []) throws -> [(name: String, value: Value)] {
        try outputFiles.enumerated().map { k, path in
            try TestDataSet.readValue(path: path, type: k < types.count ? types[k] : nil)
        }
    }

    /// Reads one serialized value file. `type` (the declared type of the value) decides
    /// which message the file holds; nil means "guess" (tensor, sequence, optional, map).
    public static func readValue(path: String, type: Onnx_TypeProto? = nil) throws -> (name: String, value: Value) {
        let data = try ArrayFileReading.readFile(path)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = 100
        func fail(_ reason: String) -> ArrayFileError { ArrayFileError(file: path, reason) }
        func decode<M: SwiftProtobuf.Message>(_: M.Type) throws -> M {
            do { return try M(serializedBytes: data, options: options) } catch {
                throw fail("not a \(M.protoMessageName) (protobuf decoding failed: \(error))")
            }
        }
        do {
            switch type?.value {
            case .sequenceType?:
                let p = try decode(Onnx_SequenceProto.self)
                return (p.name, try ValueDecoding.sequence(p, type: type, base: base))
            case .mapType?:
                let p = try decode(Onnx_MapProto.self)
                return (p.name, try ValueDecoding.map(p, type: type, base: base))
            case .optionalType?:
                let p = try decode(Onnx_OptionalProto.self)
                return (p.name, try ValueDecoding.optional(p, type: type, base: base))
            case .sparseTensorType?:
                throw fail("sparse tensor values are not supported")
            case .tensorType?:
                let t = try readTensor(path: path)
                return (t.name, .tensor(t.tensor))
            default:
                break
            }
        } catch let e as ValueDecodingError {
            throw fail(e.description)
        }
        // No declared type: the first message that decodes cleanly.
        if let t = try? readTensor(path: path) { return (t.name, .tensor(t.tensor)) }
        if let p = try? Onnx_SequenceProto(serializedBytes: data, options: options), p.hasElemType,
           p.unknownFields.data.isEmpty, let v = try? ValueDecoding.sequence(p, type: nil, base: base) {
            return (p.name, v)
        }
        if let p = try? Onnx_OptionalProto(serializedBytes: data, options: options), p.hasElemType,
           p.unknownFields.data.isEmpty, let v = try? ValueDecoding.optional(p, type: nil, base: base) {
            return (p.name, v)
        }
        if let p = try? Onnx_MapProto(serializedBytes: data, options: options), p.hasKeyType,
           p.unknownFields.data.isEmpty, let v = try? ValueDecoding.map(p, type: nil, base: base) {
            return (p.name, v)
        }
        if data.isEmpty { throw fail("file is empty, expected a serialized TensorProto") }
        throw fail("not a TensorProto, SequenceProto, OptionalProto or MapProto")
    }
}

struct ValueDecodingError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Proto messages of onnx-data.proto to `Value`, recursively.
enum ValueDecoding {
    // SequenceProto.DataType / OptionalProto.DataType values.
    static let undefined: Int32 = 0, tensor: Int32 = 1, sparseTensor: Int32 = 2
    static let sequenceKind: Int32 = 3, mapKind: Int32 = 4, optionalKind: Int32 = 5

    static func tensorValue(_ p: Onnx_TensorProto, base: URL) throws -> Value {
        do { return .tensor(try Tensor(proto: p, baseDirectory: base)) } catch let e as TensorError {
            throw ValueDecodingError(e.description)
        }
    }

    /// The element type of a sequence whose declared type is `type` (nil when unknown).
    static func declaredElementType(_ type: Onnx_TypeProto?) -> DataType? {
        guard let type, case .sequenceType(let s)? = type.value, case .tensorType(let t)? = s.elemType.value,
              t.hasElemType else { return nil }
        return DataType(rawValue: t.elemType)
    }

    static func sequence(_ p: Onnx_SequenceProto, type: Onnx_TypeProto?, base: URL) throws -> Value {
        var elemType: Onnx_TypeProto?
        if let type, case .sequenceType(let s)? = type.value { elemType = s.elemType }
        var values: [Value] = []
        switch p.elemType {
        case tensor:
            values = try p.tensorValues.map { try tensorValue($0, base: base) }
        case sequenceKind:
            values = try p.sequenceValues.map { try sequence($0, type: elemType, base: base) }
        case mapKind:
            values = try p.mapValues.map { try map($0, type: elemType, base: base) }
        case optionalKind:
            values = try p.optionalValues.map { try optional($0, type: elemType, base: base) }
        case sparseTensor:
            throw ValueDecodingError("sequences of sparse tensors are not supported")
        case undefined:
            values = []
        default:
            throw ValueDecodingError("sequence element type \(p.elemType) is not a SequenceProto.DataType")
        }
        let dt = declaredElementType(type) ?? values.first?.tensor?.dataType
        return .sequence(elementType: dt, values)
    }

    static func map(_ p: Onnx_MapProto, type: Onnx_TypeProto?, base: URL) throws -> Value {
        guard let keyType = DataType(rawValue: p.keyType) else {
            throw ValueDecodingError("map key type \(p.keyType) is not an ONNX data type")
        }
        let keys: [MapKey]
        if keyType == .string {
            keys = p.stringKeys.map { .string(String(decoding: $0, as: UTF8.self)) }
        } else {
            keys = p.keys.map { .int($0) }
        }
        var valueType: Onnx_TypeProto?
        if let type, case .mapType(let m)? = type.value {
            var s = Onnx_TypeProto()
            var st = Onnx_TypeProto.Sequence()
            st.elemType = m.valueType
            s.sequenceType = st
            valueType = s
        }
        guard case .sequence(_, let values) = try sequence(p.values, type: valueType, base: base) else {
            throw ValueDecodingError("map values are not a sequence")
        }
        guard values.count == keys.count else {
            throw ValueDecodingError("map has \(keys.count) keys and \(values.count) values")
        }
        return .map(keys: keys, values: values)
    }

    static func optional(_ p: Onnx_OptionalProto, type: Onnx_TypeProto?, base: URL) throws -> Value {
        var elemType: Onnx_TypeProto?
        if let type, case .optionalType(let o)? = type.value { elemType = o.elemType }
        switch p.elemType {
        case tensor where p.hasTensorValue:
            return .optional(try tensorValue(p.tensorValue, base: base))
        case sequenceKind where p.hasSequenceValue:
            return .optional(try sequence(p.sequenceValue, type: elemType, base: base))
        case mapKind where p.hasMapValue:
            return .optional(try map(p.mapValue, type: elemType, base: base))
        case optionalKind where p.hasOptionalValue:
            return .optional(try optional(p.optionalValue, type: elemType, base: base))
        case sparseTensor where p.hasSparseTensorValue:
            throw ValueDecodingError("optional sparse tensors are not supported")
        case undefined, tensor, sequenceKind, mapKind, optionalKind, sparseTensor:
            return .optional(nil)   // no value: an empty optional
        default:
            throw ValueDecodingError("optional element type \(p.elemType) is not an OptionalProto.DataType")
        }
    }
}
