import Foundation
import OnnxFormat

/// What the random ops share: the seed and dtype attributes. The generator is SplitMix64:
/// seeded from the `seed` attribute when given (the same values on every run), else from
/// the system generator.
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
