import CKernels
import OnnxFormat

/// The kernel behind Softmax, LogSoftmax and Hardmax: the input is viewed as
/// [outer, n, inner] and each of the outer*inner lines of length n is normalised.
enum SoftmaxKernel {
    enum Kind { case softmax, logSoftmax, hardmax }

    /// The layout for `axis`: opset < 13 coerces to 2-D at `axis` (inner = 1, n = the
    /// product of the trailing dimensions); opset >= 13 normalises along `axis` only.
    static func layout(_ shape: [Int], axis: Int, coerce2D: Bool) -> (outer: Int, n: Int, inner: Int) {
        let outer = shape[..<axis].reduce(1, *)
        if coerce2D { return (outer, shape[axis...].reduce(1, *), 1) }
        let n = shape[axis]
        return (outer, n, shape[(axis + 1)...].reduce(1, *))
    }

    static func apply<T: Real>(_ a: [T], outer: Int, n: Int, inner: Int, _ kind: Kind) -> [T] {
        var out = [T](repeating: 0, count: a.count)
        if n == 0 { return out }
        a.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for b in 0..<outer {
                    for i in 0..<inner {
                        let base = b * n * inner + i
                        var m = p[base], arg = 0
                        for k in 1..<n where p[base + k * inner] > m {
                            m = p[base + k * inner]; arg = k
                        }
                        switch kind {
                        case .hardmax:
                            o[base + arg * inner] = 1
                        case .softmax:
                            var sum: T = 0
                            for k in 0..<n {
                                let e = T.exp(p[base + k * inner] - m)
                                o[base + k * inner] = e
                                sum += e
                            }
                            for k in 0..<n { o[base + k * inner] /= sum }
                        case .logSoftmax:
                            var sum: T = 0
                            for k in 0..<n { sum += T.exp(p[base + k * inner] - m) }
                            let l = T.log(sum)
                            for k in 0..<n { o[base + k * inner] = p[base + k * inner] - m - l }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Runs the op for a node: `axis` default 1 before opset 13, -1 from 13.
    static func run(_ node: NodeInfo, _ axisAttr: Int, _ x: Tensor, _ kind: Kind) throws -> Tensor {
        let axis = try Index.axis(axisAttr, rank: x.rank, node)
        let (outer, n, inner) = layout(x.shape, axis: axis, coerce2D: node.opset < 13)
        switch x.storage {
        case .float(let a) where kind == .softmax && inner == 1 && n > 0:
            // Rows along the last axis (attention): the C kernel with the vectorised exp.
            let y = [Float](unsafeUninitializedCapacity: a.count) { o, c in
                a.withUnsafeBufferPointer { p in
                    if let src = p.baseAddress, let dst = o.baseAddress { pk_softmax_rows_f32(src, dst, outer, n) }
                }
                c = a.count
            }
            return x.with(shape: x.shape, storage: .float(y))
        case .float(let a): return x.with(shape: x.shape, storage: .float(apply(a, outer: outer, n: n, inner: inner, kind)))
        case .double(let a): return x.with(shape: x.shape, storage: .double(apply(a, outer: outer, n: n, inner: inner, kind)))
        case .bits16:
            let f = Cast.toFloat(x)
            guard let a = f.floats else { break }
            return Cast.fromFloat(f.with(shape: x.shape, storage: .float(apply(a, outer: outer, n: n, inner: inner, kind))), to: x.dataType)
        default: break
        }
        throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
    }
}
