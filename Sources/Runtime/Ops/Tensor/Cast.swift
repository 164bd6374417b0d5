import OnnxFormat
import Foundation

/// Cast: converts elements to the type named by `to` (ai.onnx Cast, opsets 1-25).
/// Float to integer truncates toward zero and saturates instead of trapping; strings parse
/// and print numbers as numpy does for the spec's cases. The float8 types and FLOAT4E2M1
/// round to nearest even; from opset 19 `saturate` (default 1) clamps out-of-range values
/// to the largest finite one, else they become infinity (E5M2) or NaN. INT4/UINT4 keep the
/// low four bits of the integer, as numpy's astype does, INT2/UINT2 the low two. FLOAT8E8M0
/// (opset 24+) keeps the exponent, rounding the mantissa by `round_mode` ("up" by default,
/// "down", "nearest").
struct Cast: Operator {
    let node: NodeInfo
    let to: DataType
    let saturate: Bool
    let roundMode: SmallTypes.E8M0Rounding
    init(_ node: NodeInfo) throws {
        self.node = node
        saturate = node.opset >= 19 ? try node.int("saturate", default: 1) != 0 : true
        let rm = node.opset >= 24 ? try node.string("round_mode", default: "up") : "up"
        guard let r = SmallTypes.E8M0Rounding(rawValue: rm) else {
            throw RuntimeError.node(node, "attribute 'round_mode' = '\(rm)' is not up, down or nearest")
        }
        roundMode = r
        let raw = try node.int("to", default: -1)
        guard let t = DataType(rawValue: Int32(clamping: raw)) else {
            throw RuntimeError.node(node, "attribute 'to' = \(raw) is not an ONNX element type")
        }
        self.to = t
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        do {
            return [try Cast.convert(node.required(inputs, 0), to: to, saturate: saturate, roundMode: roundMode)]
        } catch let e as RuntimeError where !e.description.hasPrefix("node '") {
            throw RuntimeError.node(node, e.description)
        }
    }

    /// Widens float16/bfloat16/double tensors to float32 (float32 passes through).
    static func toFloat(_ x: Tensor) -> Tensor {
        switch x.storage {
        case .float: return x
        case .bits16(let a):
            let f = x.dataType == .bfloat16 ? a.map { Float(bfloat16Bits: $0) } : a.map { Float(float16Bits: $0) }
            return Tensor(uncheckedType: .float, shape: x.shape, storage: .float(f))
        default:
            if let f = SmallTypes.toFloat(x) { return f }
            let d = x.asDoubles() ?? []
            return Tensor(uncheckedType: .float, shape: x.shape, storage: .float(d.map { Float($0) }))
        }
    }

    /// Narrows a float32 tensor to float16 or bfloat16 (round to nearest even).
    static func fromFloat(_ x: Tensor, to t: DataType) -> Tensor {
        guard let f = x.floats else { return x }
        switch t {
        case .float16: return Tensor(uncheckedType: .float16, shape: x.shape, storage: .bits16(f.map(\.float16Bits)))
        case .bfloat16: return Tensor(uncheckedType: .bfloat16, shape: x.shape, storage: .bits16(f.map(\.bfloat16Bits)))
        default: return x
        }
    }

    static func saturating<I: FixedWidthInteger>(_ v: Double, _: I.Type) -> I {
        if v.isNaN { return 0 }
        if v >= Double(I.max) { return I.max }
        if v <= Double(I.min) { return I.min }
        return I(v.rounded(.towardZero))
    }

    /// Converts any numeric/bool/string tensor to `t`.
    static func convert(_ x: Tensor, to t: DataType, saturate: Bool = true,
                        roundMode: SmallTypes.E8M0Rounding = .up) throws -> Tensor {
        if x.dataType == t { return x }
        let shape = x.shape
        if let f = SmallTypes.toFloat(x) { return try convert(f, to: t, saturate: saturate, roundMode: roundMode) }
        if SmallTypes.handles(t) {
            if t == .float8e8m0 {
                let f = toFloat(x)
                guard let a = f.floats else { throw RuntimeError("Cast: cannot convert \(x.dataType) to \(t)") }
                return Tensor(uncheckedType: t, shape: shape,
                              storage: .bits8(a.map { SmallTypes.encodeE8M0($0, saturate: saturate, round: roundMode) }))
            }
            guard let d = x.asDoubles() else { throw RuntimeError("Cast: cannot convert \(x.dataType) to \(t)") }
            let bits: [UInt8]
            if t == .int4 || t == .uint4 || t == .int2 || t == .uint2 {
                let mask: UInt8 = t == .int4 || t == .uint4 ? 0x0F : 0x03
                bits = d.map { v in v.isFinite ? UInt8(truncatingIfNeeded: Int64(Swift.max(Swift.min(v, 9e18), -9e18))) & mask : 0 }
            } else {
                bits = d.map { SmallTypes.encode($0, t, saturate: saturate) }
            }
            return Tensor(uncheckedType: t, shape: shape, storage: .bits8(bits))
        }
        // Exact integer paths first: going through Double would lose int64 precision.
        if let ints = x.asInt64s(), x.dataType != .bool || t != .string {
            switch t {
            case .int64: return Tensor(uncheckedType: t, shape: shape, storage: .int64(ints))
            case .int32: return Tensor(uncheckedType: t, shape: shape, storage: .int32(ints.map { Int32(truncatingIfNeeded: $0) }))
            case .int16: return Tensor(uncheckedType: t, shape: shape, storage: .int16(ints.map { Int16(truncatingIfNeeded: $0) }))
            case .int8: return Tensor(uncheckedType: t, shape: shape, storage: .int8(ints.map { Int8(truncatingIfNeeded: $0) }))
            case .uint8: return Tensor(uncheckedType: t, shape: shape, storage: .uint8(ints.map { UInt8(truncatingIfNeeded: $0) }))
            case .uint16: return Tensor(uncheckedType: t, shape: shape, storage: .uint16(ints.map { UInt16(truncatingIfNeeded: $0) }))
            case .uint32: return Tensor(uncheckedType: t, shape: shape, storage: .uint32(ints.map { UInt32(truncatingIfNeeded: $0) }))
            case .uint64:
                if case .uint64(let u) = x.storage { return Tensor(uncheckedType: t, shape: shape, storage: .uint64(u)) }
                return Tensor(uncheckedType: t, shape: shape, storage: .uint64(ints.map { UInt64(truncatingIfNeeded: $0) }))
            case .bool: return Tensor(uncheckedType: t, shape: shape, storage: .bool(ints.map { $0 != 0 }))
            default: break
            }
        }
        if t == .string {
            guard let d = x.asDoubles() else { throw RuntimeError("Cast: cannot convert \(x.dataType) to string") }
            let isInt = !x.dataType.isFloatingPoint
            return Tensor(uncheckedType: .string, shape: shape, storage: .string(d.map { isInt ? String(Int64($0)) : String(Float($0)) }))
        }
        let d: [Double]
        if case .string(let s) = x.storage {
            d = s.map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
        } else if case .float(let f) = x.storage, t == .float16 || t == .bfloat16 {
            return fromFloat(Tensor(uncheckedType: .float, shape: shape, storage: .float(f)), to: t)
        } else {
            guard let v = x.asDoubles() else { throw RuntimeError("Cast: cannot convert \(x.dataType) to \(t)") }
            d = v
        }
        switch t {
        case .float: return Tensor(uncheckedType: t, shape: shape, storage: .float(d.map { Float($0) }))
        case .double: return Tensor(uncheckedType: t, shape: shape, storage: .double(d))
        case .float16, .bfloat16: return fromFloat(Tensor(uncheckedType: .float, shape: shape, storage: .float(d.map { Float($0) })), to: t)
        case .int64: return Tensor(uncheckedType: t, shape: shape, storage: .int64(d.map { saturating($0, Int64.self) }))
        case .int32: return Tensor(uncheckedType: t, shape: shape, storage: .int32(d.map { saturating($0, Int32.self) }))
        case .int16: return Tensor(uncheckedType: t, shape: shape, storage: .int16(d.map { saturating($0, Int16.self) }))
        case .int8: return Tensor(uncheckedType: t, shape: shape, storage: .int8(d.map { saturating($0, Int8.self) }))
        case .uint8: return Tensor(uncheckedType: t, shape: shape, storage: .uint8(d.map { saturating($0, UInt8.self) }))
        case .uint16: return Tensor(uncheckedType: t, shape: shape, storage: .uint16(d.map { saturating($0, UInt16.self) }))
        case .uint32: return Tensor(uncheckedType: t, shape: shape, storage: .uint32(d.map { saturating($0, UInt32.self) }))
        case .uint64: return Tensor(uncheckedType: t, shape: shape, storage: .uint64(d.map { saturating($0, UInt64.self) }))
        case .bool: return Tensor(uncheckedType: t, shape: shape, storage: .bool(d.map { $0 != 0 }))
        default: throw RuntimeError("Cast: conversion to \(t) is not supported")
        }
    }
}

extension Cast: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(to, inputs.at(0)?.shape)]
    }
}
