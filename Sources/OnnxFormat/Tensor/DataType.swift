/// ONNX element types, with the raw values of `TensorProto.DataType` in onnx.proto.
public enum DataType: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7
    case string = 8, bool = 9, float16 = 10, double = 11, uint32 = 12, uint64 = 13
    case complex64 = 14, complex128 = 15, bfloat16 = 16
    case float8e4m3fn = 17, float8e4m3fnuz = 18, float8e5m2 = 19, float8e5m2fnuz = 20
    case uint4 = 21, int4 = 22, float4e2m1 = 23
    /// Exponent-only 8-bit float (2^(e-127), 0xFF NaN, no sign, no zero); 2-bit integers
    /// packed four per byte, low bits first (onnx 1.20+).
    case float8e8m0 = 24, uint2 = 25, int2 = 26

    /// Elements per byte of the packed sub-byte types (2 for the 4-bit, 4 for the 2-bit
    /// ones), nil for the others.
    public var packing: Int? {
        switch self {
        case .uint4, .int4, .float4e2m1: return 2
        case .uint2, .int2: return 4
        default: return nil
        }
    }

    /// Bytes per element in ONNX's raw_data and in `.npy`; nil for strings and sub-byte types.
    public var byteSize: Int? {
        switch self {
        case .float, .int32, .uint32: return 4
        case .double, .int64, .uint64, .complex64: return 8
        case .complex128: return 16
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int8, .uint8, .bool, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0: return 1
        case .string, .uint4, .int4, .float4e2m1, .uint2, .int2: return nil
        }
    }

    /// The spelling used in onnx.proto and in messages (`tensor(float)`).
    public var description: String {
        switch self {
        case .float: return "float"
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .uint16: return "uint16"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .string: return "string"
        case .bool: return "bool"
        case .float16: return "float16"
        case .double: return "double"
        case .uint32: return "uint32"
        case .uint64: return "uint64"
        case .complex64: return "complex64"
        case .complex128: return "complex128"
        case .bfloat16: return "bfloat16"
        case .float8e4m3fn: return "float8e4m3fn"
        case .float8e4m3fnuz: return "float8e4m3fnuz"
        case .float8e5m2: return "float8e5m2"
        case .float8e5m2fnuz: return "float8e5m2fnuz"
        case .uint4: return "uint4"
        case .int4: return "int4"
        case .float4e2m1: return "float4e2m1"
        case .float8e8m0: return "float8e8m0"
        case .uint2: return "uint2"
        case .int2: return "int2"
        }
    }

    /// True for the floating-point types whose values compare with a tolerance.
    public var isFloatingPoint: Bool {
        switch self {
        case .float, .double, .float16, .bfloat16, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2,
             .float8e5m2fnuz, .float4e2m1, .float8e8m0, .complex64, .complex128: return true
        default: return false
        }
    }
}
