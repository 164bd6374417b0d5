import Foundation
import OnnxFormat
import Runtime

/// Reproducible random inputs for a model's signature: standard normal floats, small
/// non-negative integers, fair booleans. Symbolic or unknown dimensions take `dynamicSize`.
public enum SeededInputs {
    public static func make(for inputs: [ValueSignature], seed: UInt64, dynamicSize: Int = 1) throws -> [(name: String, tensor: Tensor)] {
        var rng = SplitMix64(seed: seed)
        return try inputs.map { sig in
            guard let dt = sig.dataType else { throw RuntimeError("input '\(sig.name)' has no element type; pass --input") }
            let shape = (sig.shape ?? []).map { d -> Int in
                if case .fixed(let n) = d { return n }
                return dynamicSize
            }
            let n = Tensor.elementCount(shape)
            let storage: TensorStorage
            switch dt {
            case .float: storage = .float((0..<n).map { _ in Float(rng.normal()) })
            case .double: storage = .double((0..<n).map { _ in rng.normal() })
            case .float16: storage = .bits16((0..<n).map { _ in Float(rng.normal()).float16Bits })
            case .int64: storage = .int64((0..<n).map { _ in Int64(rng.next() % 10) })
            case .int32: storage = .int32((0..<n).map { _ in Int32(rng.next() % 10) })
            case .uint8: storage = .uint8((0..<n).map { _ in UInt8(rng.next() % 10) })
            case .int8: storage = .int8((0..<n).map { _ in Int8(rng.next() % 10) })
            case .bool: storage = .bool((0..<n).map { _ in rng.next() & 1 == 1 })
            default: throw RuntimeError("input '\(sig.name)': cannot make random \(dt) values; pass --input")
            }
            return (sig.name, try Tensor(dataType: dt, shape: shape, storage: storage))
        }
    }
}

/// SplitMix64: tiny, fast and reproducible on every platform.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A standard normal sample (Box-Muller).
    public mutating func normal() -> Double {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-300)
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
