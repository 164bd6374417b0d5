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
