import Foundation
import OnnxFormat

/// SplitMix64, the generator behind the random ops: seeded from the `seed` attribute when
/// given (the same values on every run), else from the system generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u1 = Swift.max(uniform(), .leastNonzeroMagnitude), u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}

/// What the random ops share: the seed and dtype attributes.
enum RandomSupport {
    static func generator(_ node: NodeInfo) -> SplitMix64 {
        if let a = node.attributes["seed"] { return SplitMix64(seed: UInt64(truncatingIfNeeded: Int64(a.f.bitPattern))) }
        var g = SystemRandomNumberGenerator()
        return SplitMix64(seed: g.next())
    }

    /// The `dtype` attribute, or nil when absent (or 0).
    static func dtype(_ node: NodeInfo) throws -> DataType? {
        let raw = try node.int("dtype", default: 0)
        if raw == 0 { return nil }
        guard let t = DataType(rawValue: Int32(clamping: raw)), t != .string else {
            throw RuntimeError.node(node, "attribute 'dtype' = \(raw) is not a numeric element type")
        }
        return t
    }

    /// `values` as a tensor of type `t` (float types round, integers truncate).
    static func tensor(_ values: [Double], shape: [Int], as t: DataType) throws -> Tensor {
        try Cast.convert(Tensor(uncheckedType: .double, shape: shape, storage: .double(values)), to: t)
    }
}
