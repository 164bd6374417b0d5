import CKernels
import Foundation
import OnnxFormat

/// The shared machinery of the Reduce* ops: attribute and opset handling, the reduced
/// axes, and one kernel per reduction. Float types compute in Double and round back to
/// the input type; integer types compute in Int64 with wrapping and truncate back. Max and
/// Min also take bool (False < True). Max and Min over an empty set give -inf and +inf for
/// float types, else the type's lowest and highest values (false and true for bool).
struct Reduce: Sendable {
    enum Kind: Sendable { case sum, mean, max, min, prod, l1, l2, logSumExp, sumSquare, logSum }

    let node: NodeInfo
    let kind: Kind
    let keepDims: Bool
    let noopWithEmptyAxes: Bool
    let attrAxes: [Int]?
    let axesFromInput: Bool

    /// `axesInputSince`: the opset from which `axes` is input 1 instead of an attribute
    /// (13 for ReduceSum, 18 for the others).
    init(_ node: NodeInfo, _ kind: Kind, axesInputSince: Int) throws {
        self.node = node
        self.kind = kind
        keepDims = try node.int("keepdims", default: 1) != 0
        axesFromInput = node.opset >= axesInputSince
        noopWithEmptyAxes = axesFromInput ? try node.int("noop_with_empty_axes", default: 0) != 0 : false
        attrAxes = axesFromInput ? nil : try node.ints("axes")
    }

    func run(_ inputs: [Tensor?]) throws -> Tensor {
        let x = try node.required(inputs, 0)
        var axes = attrAxes ?? []
        if axesFromInput, let t = node.optional(inputs, 1) { axes = try Index.ints(t, node, "axes") }
        if axes.isEmpty {
            if noopWithEmptyAxes { return x }
            axes = Array(0..<x.rank)
        }
        let reduced = Set(try Index.axes(axes, rank: x.rank, node))
        let kept = (0..<x.rank).filter { !reduced.contains($0) }
        let m = reduced.reduce(1) { $0 * x.shape[$1] }
        let outShape = keepDims ? x.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element } : kept.map { x.shape[$0] }
        // Reduced axes last, so each output element reduces a contiguous run of m.
        let perm = kept + reduced.sorted()
        let outCount = Tensor.elementCount(outShape)
        // float32 sum/mean over trailing axes (global pooling, SE blocks, LayerNorm-style
        // statistics): contiguous runs, no transpose, no widening copy.
        if kind == .sum || kind == .mean, perm == Array(0..<x.rank), case .float(let a) = x.storage {
            let scale = kind == .mean ? (m > 0 ? 1.0 / Double(m) : .nan) : 1.0
            let out = [Float](unsafeUninitializedCapacity: outCount) { o, c in
                a.withUnsafeBufferPointer { p in
                    if let src = p.baseAddress, let dst = o.baseAddress {
                        // Rows split across threads for large inputs (each row's sum is the
                        // same whichever thread computes it).
                        let (ps, pd) = (UncheckedSendable(src), UncheckedSendable(dst))
                        let threads = outCount * m >= FastElementwise.parallelFrom ? ComputeThreads.current : 1
                        if threads == 1 { pk_sum_rows_f32(src, outCount, m, scale, dst); return }
                        ComputeThreads.parallelRanges(outCount, parts: threads) { r in
                            pk_sum_rows_f32(ps.value + r.lowerBound * m, r.count, m, scale, pd.value + r.lowerBound)
                        }
                    }
                    else if let dst = o.baseAddress { for i in 0..<outCount { dst[i] = m > 0 ? 0 : Float(scale * 0) } }
                }
                c = outCount
            }
            return Tensor(uncheckedType: .float, shape: outShape, storage: .float(out))
        }
        let t = try Transpose.permute(x, perm)
        switch t.storage {
        case .bool(let v):
            guard kind == .max || kind == .min else { break }
            let any = kind == .max   // max is "any", min is "all"
            var out = [Bool](repeating: !any, count: outCount)
            for o in 0..<outCount where v[(o * m)..<((o + 1) * m)].contains(any) { out[o] = any }
            return Tensor(uncheckedType: .bool, shape: outShape, storage: .bool(out))
        case .float, .double, .bits16:
            guard let v = t.asDoubles() else { break }
            var out = [Double](repeating: 0, count: outCount)
            v.withUnsafeBufferPointer { p in
                for o in 0..<outCount { out[o] = reduceFloat(UnsafeBufferPointer(rebasing: p[(o * m)..<((o + 1) * m)])) }
            }
            let d = Tensor(uncheckedType: .double, shape: outShape, storage: .double(out))
            return try Cast.convert(d, to: x.dataType)
        case .int32, .int64, .int8, .int16, .uint8, .uint16, .uint32, .uint64:
            guard let v = t.asInt64s() else { break }
            guard kind != .logSum, kind != .logSumExp else { break }
            var out = [Int64](repeating: 0, count: outCount)
            if m == 0, kind == .max || kind == .min {
                guard let (lo, hi) = Self.integerBounds(x.dataType) else { break }
                out = [Int64](repeating: kind == .max ? lo : hi, count: outCount)
            } else {
                for o in 0..<outCount { out[o] = reduceInt(v[(o * m)..<((o + 1) * m)]) }
            }
            return try Cast.convert(Tensor(shape: outShape, int64s: out), to: x.dataType)
        default: break
        }
        throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
    }

    /// The lowest and highest values of an integer type, as the Int64 bit patterns that the
    /// conversion back to the type truncates to them (uint64's highest is -1).
    static func integerBounds(_ t: DataType) -> (Int64, Int64)? {
        switch t {
        case .int8: return (Int64(Int8.min), Int64(Int8.max))
        case .int16: return (Int64(Int16.min), Int64(Int16.max))
        case .int32: return (Int64(Int32.min), Int64(Int32.max))
        case .int64: return (Int64.min, Int64.max)
        case .uint8: return (0, Int64(UInt8.max))
        case .uint16: return (0, Int64(UInt16.max))
        case .uint32: return (0, Int64(UInt32.max))
        case .uint64: return (0, -1)
        default: return nil
        }
    }

    func reduceFloat(_ a: UnsafeBufferPointer<Double>) -> Double {
        switch kind {
        case .sum: return a.reduce(0, +)
        case .mean: return a.reduce(0, +) / Double(a.count)
        case .max: return a.reduce(-Double.infinity) { $0.isNaN || $0 >= $1 ? $0 : $1 }
        case .min: return a.reduce(Double.infinity) { $0.isNaN || $0 <= $1 ? $0 : $1 }
        case .prod: return a.reduce(1, *)
        case .l1: return a.reduce(0) { $0 + Swift.abs($1) }
        case .l2: return a.reduce(0) { $0 + $1 * $1 }.squareRoot()
        case .sumSquare: return a.reduce(0) { $0 + $1 * $1 }
        case .logSum: return Foundation.log(a.reduce(0, +))
        case .logSumExp:
            let mx = a.reduce(-Double.infinity) { $0.isNaN || $0 >= $1 ? $0 : $1 }
            if mx.isInfinite || mx.isNaN { return Foundation.log(a.reduce(0) { $0 + Foundation.exp($1) }) }
            return mx + Foundation.log(a.reduce(0) { $0 + Foundation.exp($1 - mx) })
        }
    }

    func reduceInt(_ a: ArraySlice<Int64>) -> Int64 {
        switch kind {
        case .sum: return a.reduce(0, &+)
        case .mean: return a.isEmpty ? 0 : a.reduce(0, &+) / Int64(a.count)
        case .max: return a.max() ?? Int64.min
        case .min: return a.min() ?? Int64.max
        case .prod: return a.reduce(1, &*)
        case .l1: return a.reduce(0) { $0 &+ Swift.abs($1) }
        case .l2: return Int64(Double(a.reduce(0) { $0 &+ $1 &* $1 }).squareRoot())
        case .sumSquare: return a.reduce(0) { $0 &+ $1 &* $1 }
        case .logSum, .logSumExp: return 0
        }
    }
}

extension Reduce {
    /// Output type of every Reduce* op: the input's element type, reduced axes set to 1
    /// (keepdims) or removed.
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        guard let x: ValueType = inputs.at(0) else { return [nil] }
        var axes = attrAxes ?? []
        if axesFromInput, node.inputNames.count > 1, !node.inputNames[1].isEmpty {
            guard let a = try ShapeInference.ints(constants, 1, node, "axes") else {
                // Axes known only at run time: keepdims at least keeps the rank.
                return [ValueType(x.dataType, keepDims ? x.shape.map { $0.map { _ in .unknown } } : nil)]
            }
            axes = a
        }
        guard let shape = x.shape else { return [ValueType(x.dataType, nil)] }
        if axes.isEmpty {
            if noopWithEmptyAxes { return [x] }
            axes = Array(0..<shape.count)
        }
        let reduced = Set(try Index.axes(axes, rank: shape.count, node))
        let out: [ValueType.Dim] = keepDims
            ? shape.enumerated().map { reduced.contains($0.offset) ? .fixed(1) : $0.element }
            : shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        return [ValueType(x.dataType, out)]
    }
}
