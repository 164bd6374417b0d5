import CKernels
import OnnxFormat

/// float32 elementwise ops on the C kernels (`pk_binary_f32`, `pk_unary_f32`): the hot ops of
/// real models (Add/Mul with per-channel broadcasts, Sigmoid, HardSwish, ...) without a
/// closure call per element.
enum FastElementwise {
    /// Outputs of at least this many elements are split across `ComputeThreads` (below it,
    /// waking the pool costs more than the op: 64 K floats take ~10 µs).
    static let parallelFrom = 1 << 16

    /// Broadcast binary op. The two shapes are aligned, dimensions where both sides have the
    /// same "broadcast or not" pattern are merged, and the innermost merged run is handed to
    /// C with strides 0 or 1; the outer dimensions are walked with an odometer.
    static func binary(_ op: Int32, _ a: [Float], _ sa: [Int], _ b: [Float], _ sb: [Int]) throws -> ([Float], [Int]) {
        let out = try Broadcast.shape(sa, sb)
        let n = Tensor.elementCount(out)
        let r = out.count
        let pa = [Int](repeating: 1, count: r - sa.count) + sa, pb = [Int](repeating: 1, count: r - sb.count) + sb
        // Merged dimensions (outermost first): size and whether each side varies along it.
        var dims: [(size: Int, va: Bool, vb: Bool)] = []
        for d in 0..<r where out[d] != 1 {
            let va = pa[d] != 1, vb = pb[d] != 1
            if let last = dims.last, last.va == va, last.vb == vb {
                dims[dims.count - 1].size *= out[d]
            } else {
                dims.append((out[d], va, vb))
            }
        }
        let result = [Float](unsafeUninitializedCapacity: n) { y, initialized in
            initialized = n
            guard n > 0, let yb = y.baseAddress else { return }
            a.withUnsafeBufferPointer { xa in b.withUnsafeBufferPointer { xb in
                guard let ab = xa.baseAddress, let bb = xb.baseAddress else { return }
                guard let inner = dims.last else {
                    pk_binary_f32(op, ab, 0, bb, 0, yb, 1)
                    return
                }
                let outer = Array(dims.dropLast())
                // Element strides of each side over the merged outer dimensions.
                var strideA = [Int](repeating: 0, count: outer.count), strideB = strideA
                var accA = inner.va ? inner.size : 1, accB = inner.vb ? inner.size : 1
                for d in stride(from: outer.count - 1, through: 0, by: -1) {
                    if outer[d].va { strideA[d] = accA; accA *= outer[d].size }
                    if outer[d].vb { strideB[d] = accB; accB *= outer[d].size }
                }
                let runs = n / inner.size
                let threads = n >= Self.parallelFrom ? ComputeThreads.current : 1
                let (pa, pb, py) = (UncheckedSendable(ab), UncheckedSendable(bb), UncheckedSendable(yb))
                let (sA, sB): (Int32, Int32) = (inner.va ? 1 : 0, inner.vb ? 1 : 0)
                // Run k's position in the outer dimensions and its element offsets in a and b.
                func start(of k: Int) -> (idx: [Int], offA: Int, offB: Int) {
                    var idx = [Int](repeating: 0, count: outer.count)
                    var offA = 0, offB = 0, rest = k
                    for d in stride(from: outer.count - 1, through: 0, by: -1) {
                        idx[d] = rest % outer[d].size
                        rest /= outer[d].size
                        offA += idx[d] * strideA[d]; offB += idx[d] * strideB[d]
                    }
                    return (idx, offA, offB)
                }
                if threads > 1, runs < 2 * threads {
                    // Few long runs (same shapes, or a few broadcast rows): each run in chunks.
                    for k in 0..<runs {
                        let (_, oA, oB) = start(of: k)
                        ComputeThreads.parallelRanges(inner.size, parts: min(threads, max(1, inner.size / 4096))) { r in
                            pk_binary_f32(op, pa.value + oA + r.lowerBound * Int(sA), sA, pb.value + oB + r.lowerBound * Int(sB), sB,
                                          py.value + k * inner.size + r.lowerBound, r.count)
                        }
                    }
                    return
                }
                // Many runs (per-channel broadcasts): threads take ranges of runs, each walking
                // the outer dimensions with an odometer from its first run.
                func walk(_ range: Swift.Range<Int>) {
                    var (idx, offA, offB) = start(of: range.lowerBound)
                    for k in range {
                        pk_binary_f32(op, pa.value + offA, sA, pb.value + offB, sB, py.value + k * inner.size, inner.size)
                        var d = outer.count - 1
                        while d >= 0 {
                            idx[d] += 1
                            offA += strideA[d]; offB += strideB[d]
                            if idx[d] < outer[d].size { break }
                            offA -= strideA[d] * idx[d]; offB -= strideB[d] * idx[d]
                            idx[d] = 0
                            d -= 1
                        }
                    }
                }
                if threads == 1 { walk(0..<runs) } else { ComputeThreads.parallelRanges(runs, parts: threads, walk) }
            } }
        }
        return (result, out)
    }

    /// y = f(x) for a float32 tensor; other element types return nil (callers fall back).
    static func unary(_ op: Int32, _ x: Tensor, _ p0: Float = 0, _ p1: Float = 0) -> Tensor? {
        guard case .float(let a) = x.storage else { return nil }
        let n = a.count
        let y = [Float](unsafeUninitializedCapacity: n) { o, c in
            a.withUnsafeBufferPointer { p in
                guard let src = p.baseAddress, let dst = o.baseAddress else { return }
                let (ps, pd) = (UncheckedSendable(src), UncheckedSendable(dst))
                guard n >= Self.parallelFrom, ComputeThreads.current > 1 else { pk_unary_f32(op, src, dst, n, p0, p1); return }
                ComputeThreads.parallelRanges(n, parts: ComputeThreads.current) { r in
                    pk_unary_f32(op, ps.value + r.lowerBound, pd.value + r.lowerBound, r.count, p0, p1)
                }
            }
            c = n
        }
        return Tensor(uncheckedType: .float, shape: x.shape, storage: .float(y))
    }
}
