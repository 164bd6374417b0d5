import OnnxFormat

/// Conversions for the element types stored one per byte in `TensorStorage.bits8`: the
/// float8 variants (E4M3FN, E4M3FNUZ, E5M2, E5M2FNUZ), FLOAT4E2M1, and the 4-bit integers
/// (INT4 as a two's-complement nibble, UINT4), the 2-bit integers (INT2, UINT2) and the
/// exponent-only FLOAT8E8M0 (2^(code-127), 0xFF NaN). Rounding is to nearest, ties to even, as
/// ml_dtypes (which onnx's reference uses) does.
enum SmallTypes {
    /// True for the types this enum converts.
    static func handles(_ t: DataType) -> Bool {
        switch t {
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float4e2m1, .int4, .uint4,
             .int2, .uint2, .float8e8m0: return true
        default: return false
        }
    }

    /// Sign bit, exponent bits, mantissa bits, bias of a small float type.
    static func layout(_ t: DataType) -> (sign: UInt8, e: Int, m: Int, bias: Int)? {
        switch t {
        case .float8e4m3fn: return (0x80, 4, 3, 7)
        case .float8e4m3fnuz: return (0x80, 4, 3, 8)
        case .float8e5m2: return (0x80, 5, 2, 15)
        case .float8e5m2fnuz: return (0x80, 5, 2, 16)
        case .float4e2m1: return (0x08, 2, 1, 1)
        default: return nil
        }
    }

    /// The value of one element.
    static func decode(_ b: UInt8, _ t: DataType) -> Float {
        switch t {
        case .int4: return Float(Int8(bitPattern: (b & 0x0F) << 4) >> 4)
        case .uint4: return Float(b & 0x0F)
        case .int2: return Float(Int8(bitPattern: (b & 0x03) << 6) >> 6)
        case .uint2: return Float(b & 0x03)
        case .float8e8m0: return b == 0xFF ? .nan : Float(sign: .plus, exponent: Int(b) - 127, significand: 1)
        default: break
        }
        guard let l = layout(t) else { return .nan }
        switch t {
        case .float8e4m3fn where b & 0x7F == 0x7F: return .nan
        case .float8e4m3fnuz, .float8e5m2fnuz: if b == 0x80 { return .nan }
        case .float8e5m2 where b & 0x7C == 0x7C: return b & 0x03 == 0 ? (b & 0x80 != 0 ? -.infinity : .infinity) : .nan
        default: break
        }
        let neg = b & l.sign != 0
        let e = Int(b >> UInt8(l.m)) & ((1 << l.e) - 1)
        let m = Float(Int(b) & ((1 << l.m) - 1))
        let frac = m / Float(1 << l.m)
        let v = e == 0 ? frac * Float(sign: .plus, exponent: 1 - l.bias, significand: 1)
                       : (1 + frac) * Float(sign: .plus, exponent: e - l.bias, significand: 1)
        return neg ? -v : v
    }

    /// The non-negative finite values of a float type with their codes, ascending.
    static func table(_ t: DataType) -> [(Float, UInt8)] {
        guard let l = layout(t) else { return [] }
        var out: [(Float, UInt8)] = []
        for c in 0..<Int(l.sign) {
            let v = decode(UInt8(c), t)
            if v.isFinite { out.append((v, UInt8(c))) }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    static let tables: [DataType: [(Float, UInt8)]] = {
        var d: [DataType: [(Float, UInt8)]] = [:]
        for t in [DataType.float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float4e2m1] { d[t] = table(t) }
        return d
    }()

    /// Encodes `x` as a small float. `saturate`: values beyond the largest finite one (and
    /// infinities) become it; otherwise they become infinity (E5M2) or NaN (the others).
    /// FLOAT4E2M1 has neither and always saturates.
    static func encodeFloat(_ x: Float, _ t: DataType, saturate: Bool) -> UInt8 {
        guard let l = layout(t), let tab = tables[t], let top = tab.last else { return 0 }
        let fnuz = t == .float8e4m3fnuz || t == .float8e5m2fnuz
        let nanCode: UInt8
        switch t {
        case .float8e4m3fn: nanCode = 0x7F
        case .float8e5m2: nanCode = 0x7E
        case .float4e2m1: nanCode = 0x08
        default: nanCode = 0x80
        }
        if x.isNaN { return nanCode }
        let neg = x.sign == .minus
        let signed: (UInt8) -> UInt8 = { c in (c == 0 && fnuz) ? 0 : (neg ? c | l.sign : c) }
        var a = abs(x)
        let sat = saturate || t == .float4e2m1
        if a > top.0 {
            if sat { return signed(top.1) }
            // Round to nearest with the next (virtual) step above the maximum.
            let step = top.0 - tab[tab.count - 2].0
            let half = step / 2
            let overflowCodeEven = (top.1 + 1) & 1 == 0
            if a < top.0 + half || (a == top.0 + half && !overflowCodeEven) { return signed(top.1) }
            if t == .float8e5m2 { return neg ? 0xFC : 0x7C }
            return nanCode == 0x7F && neg ? 0xFF : nanCode
        }
        if a.isInfinite { a = top.0 }
        // Binary search for the first value >= a.
        var lo = 0, hi = tab.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if tab[mid].0 < a { lo = mid + 1 } else { hi = mid }
        }
        if tab[lo].0 == a || lo == 0 { return signed(tab[lo].1) }
        let (bv, bc) = tab[lo], (av, ac) = tab[lo - 1]
        let da = a - av, db = bv - a
        if da < db { return signed(ac) }
        if db < da { return signed(bc) }
        return signed(ac & 1 == 0 ? ac : bc)
    }

    /// Encodes a real value as `t` (float types as `encodeFloat`; 4-bit integers rounded
    /// half to even and clamped).
    static func encode(_ x: Double, _ t: DataType, saturate: Bool = true) -> UInt8 {
        switch t {
        case .int4:
            let v = x.isNaN ? 0 : Swift.min(Swift.max(x.rounded(.toNearestOrEven), -8), 7)
            return UInt8(bitPattern: Int8(v)) & 0x0F
        case .uint4:
            let v = x.isNaN ? 0 : Swift.min(Swift.max(x.rounded(.toNearestOrEven), 0), 15)
            return UInt8(v)
        case .int2:
            let v = x.isNaN ? 0 : Swift.min(Swift.max(x.rounded(.toNearestOrEven), -2), 1)
            return UInt8(bitPattern: Int8(v)) & 0x03
        case .uint2:
            let v = x.isNaN ? 0 : Swift.min(Swift.max(x.rounded(.toNearestOrEven), 0), 3)
            return UInt8(v)
        case .float8e8m0:
            return encodeE8M0(Float(x), saturate: saturate, round: .up)
        default:
            return encodeFloat(Float(x), t, saturate: saturate)
        }
    }

    /// How FLOAT8E8M0 rounds a value between two powers of two (Cast's `round_mode`).
    enum E8M0Rounding: String { case up, down, nearest }

    /// Encodes `x` as FLOAT8E8M0, as onnx.numpy_helper.to_float8e8m0: the sign is dropped,
    /// the float32 exponent kept and the mantissa rounded `round` (nearest: half to even on
    /// the exponent's lowest bit, as onnx); NaN and infinity become 0xFF. `saturate` keeps
    /// values past the largest power (2^127) at 0xFE instead of 0xFF.
    static func encodeE8M0(_ x: Float, saturate: Bool, round: E8M0Rounding) -> UInt8 {
        let bits = x.bitPattern
        let e = (bits >> 23) & 0xFF
        if e == 0xFF { return 0xFF }
        let up: Bool
        switch round {
        case .down: up = false
        case .up: up = bits & 0x7F_FFFF != 0
        case .nearest:
            let g = bits & 0x40_0000 != 0, r = bits & 0x20_0000 != 0, st = bits & 0x1F_FFFF != 0
            up = g && (r || st || e > 0)
        }
        if up && e == 0xFE && saturate { return 0xFE }
        return UInt8(e + (up ? 1 : 0))
    }

    /// A bits8 tensor widened to float32.
    static func toFloat(_ x: Tensor) -> Tensor? {
        guard case .bits8(let a) = x.storage, handles(x.dataType) else { return nil }
        let t = x.dataType
        return Tensor(uncheckedType: .float, shape: x.shape, storage: .float(a.map { decode($0, t) }))
    }
}
