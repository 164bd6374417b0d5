import OnnxFormat

/// Numpy-style multidirectional broadcasting (ONNX "Broadcasting in ONNX").
public enum Broadcast {
    /// The broadcast shape of `a` and `b`, or an error naming both shapes.
    public static func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let r = max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.count ? 1 : a[i - (r - a.count)]
            let db = i < r - b.count ? 1 : b[i - (r - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else {
                throw RuntimeError("shapes \(a) and \(b) cannot be broadcast")
            }
        }
        return out
    }

    public static func shape(_ shapes: [[Int]]) throws -> [Int] {
        var s: [Int] = []
        for x in shapes { s = try shape(s, x) }
        return s
    }

    /// For each output element (row-major over `outShape`), the index into an input of
    /// `inShape`. Used by the general path only; fast paths avoid building it.
    public static func indexMap(from inShape: [Int], to outShape: [Int]) -> [Int] {
        let r = outShape.count
        let padded = [Int](repeating: 1, count: r - inShape.count) + inShape
        let inStrides = Tensor.strides(padded).enumerated().map { padded[$0.offset] == 1 ? 0 : $0.element }
        let n = Tensor.elementCount(outShape)
        var map = [Int](repeating: 0, count: n)
        if n == 0 { return map }
        var idx = [Int](repeating: 0, count: r)
        var off = 0
        for k in 0..<n {
            map[k] = off
            var d = r - 1
            while d >= 0 {
                idx[d] += 1
                off += inStrides[d]
                if idx[d] < outShape[d] { break }
                off -= inStrides[d] * idx[d]
                idx[d] = 0
                d -= 1
            }
        }
        return map
    }

    /// Applies `f` elementwise over broadcast `a` and `b` (any element type: results are
    /// initialised in place, so strings work too). Fast paths: equal shapes, a
    /// scalar on either side, and `b` repeating over the leading dimensions of `a`
    /// (per-channel bias), which cover nearly every case in real models.
    @inline(__always)
    public static func binary<T, U>(_ a: [T], _ sa: [Int], _ b: [T], _ sb: [Int],
                                    _ f: (T, T) -> U) throws -> ([U], [Int]) {
        let out = try shape(sa, sb)
        let n = Tensor.elementCount(out)
        if sa == sb {
            return (a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in
                [U](unsafeUninitializedCapacity: n) { o, c in
                    for i in 0..<n { (o.baseAddress! + i).initialize(to: f(pa[i], pb[i])) }
                    c = n
                } } }, out)
        }
        if b.count == 1, a.count == n {
            let y = b[0]
            return (a.withUnsafeBufferPointer { pa in [U](unsafeUninitializedCapacity: n) { o, c in
                for i in 0..<n { (o.baseAddress! + i).initialize(to: f(pa[i], y)) }
                c = n
            } }, out)
        }
        if a.count == 1, b.count == n {
            let x = a[0]
            return (b.withUnsafeBufferPointer { pb in [U](unsafeUninitializedCapacity: n) { o, c in
                for i in 0..<n { (o.baseAddress! + i).initialize(to: f(x, pb[i])) }
                c = n
            } }, out)
        }
        // General: index maps for both sides.
        let ma = a.count == n ? nil : indexMap(from: sa, to: out)
        let mb = b.count == n ? nil : indexMap(from: sb, to: out)
        return (a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in
            [U](unsafeUninitializedCapacity: n) { o, c in
                for i in 0..<n { (o.baseAddress! + i).initialize(to: f(pa[ma?[i] ?? i], pb[mb?[i] ?? i])) }
                c = n
            } } }, out)
    }
}
