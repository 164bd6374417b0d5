import OnnxFormat

/// Writes `updates` into a copy of `data` at flat `positions` (one per update element),
/// combining with the existing value by `reduction` ("none", "add", "mul", "max", "min").
/// "none" works for any element type; the others for float, double, int32 and int64
/// (float16/bfloat16 via float). Shared by ScatterElements and ScatterND.
enum ScatterKernel {
    struct Assign: StorageCombine {
        let positions: [Int]
        func callAsFunction<T>(_ arrays: [[T]]) throws -> [T] {
            var out = arrays[0]
            let u = arrays[1]
            guard u.count == positions.count else { throw RuntimeError("updates count \(u.count) != index count \(positions.count)") }
            for (k, p) in positions.enumerated() {
                guard p >= 0, p < out.count else { throw RuntimeError("internal scatter position out of range") }
                out[p] = u[k]
            }
            return out
        }
    }

    static func reduce<T: Comparable>(_ data: [T], _ u: [T], _ positions: [Int], _ reduction: String,
                                      add: (T, T) -> T, mul: (T, T) -> T) throws -> [T] {
        var out = data
        guard u.count == positions.count else { throw RuntimeError("updates count \(u.count) != index count \(positions.count)") }
        for (k, p) in positions.enumerated() {
            guard p >= 0, p < out.count else { throw RuntimeError("internal scatter position out of range") }
            switch reduction {
            case "add": out[p] = add(out[p], u[k])
            case "mul": out[p] = mul(out[p], u[k])
            case "max": out[p] = Swift.max(out[p], u[k])
            case "min": out[p] = Swift.min(out[p], u[k])
            default: throw RuntimeError("unknown reduction '\(reduction)'")
            }
        }
        return out
    }

    static func scatter(_ data: Tensor, _ updates: Tensor, positions: [Int], reduction: String) throws -> Tensor {
        guard data.dataType == updates.dataType else {
            throw RuntimeError("updates type \(updates.dataType) differs from data type \(data.dataType)")
        }
        if reduction == "none" {
            return data.with(shape: data.shape, storage: try TensorStorage.combine([data.storage, updates.storage], Assign(positions: positions)))
        }
        switch (data.storage, updates.storage) {
        case (.float(let a), .float(let b)): return data.with(shape: data.shape, storage: .float(try reduce(a, b, positions, reduction, add: +, mul: *)))
        case (.double(let a), .double(let b)): return data.with(shape: data.shape, storage: .double(try reduce(a, b, positions, reduction, add: +, mul: *)))
        case (.int32(let a), .int32(let b)):
            return data.with(shape: data.shape, storage: .int32(try reduce(a, b, positions, reduction, add: { $0 &+ $1 }, mul: { $0 &* $1 })))
        case (.int64(let a), .int64(let b)): return data.with(shape: data.shape, storage: .int64(try reduce(a, b, positions, reduction, add: { $0 &+ $1 }, mul: { $0 &* $1 })))
        case (.bits16, .bits16):
            let r = try scatter(Cast.toFloat(data), Cast.toFloat(updates), positions: positions, reduction: reduction)
            return Cast.fromFloat(r, to: data.dataType)
        default:
            throw RuntimeError("reduction '\(reduction)' does not support element type \(data.dataType)")
        }
    }
}
