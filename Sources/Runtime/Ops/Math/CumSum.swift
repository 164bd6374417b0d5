import OnnxFormat

/// CumSum: cumulative sum along the axis given by scalar input 1 (ai.onnx CumSum, opsets
/// 11-14). `exclusive` = 1 starts each sum at 0 without the current element; `reverse` = 1
/// sums from the end. float, double, float16/bfloat16 (in float), int32, int64, uint32, uint64.
struct CumSum: Operator {
    let node: NodeInfo
    let exclusive: Bool, reverse: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        exclusive = try node.int("exclusive", default: 0) != 0
        reverse = try node.int("reverse", default: 0) != 0
    }

    func scan<T: AdditiveArithmetic>(_ a: [T], outer: Int, n: Int, inner: Int) -> [T] {
        var out = a
        for o in 0..<outer {
            for i in 0..<inner {
                var acc = T.zero
                for k in 0..<n {
                    let kk = reverse ? n - 1 - k : k
                    let idx = (o * n + kk) * inner + i
                    if exclusive { out[idx] = acc; acc = acc + a[idx] } else { acc = acc + a[idx]; out[idx] = acc }
                }
            }
        }
        return out
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let axisT = try node.required(inputs, 1)
        let axes = try Index.ints(axisT, node, "axis")
        guard axes.count == 1, let a0 = axes.first else { throw RuntimeError.node(node, "axis must be a scalar") }
        let axis = try Index.axis(a0, rank: x.rank, node)
        guard x.rank > 0 else { throw RuntimeError.node(node, "input must have rank >= 1") }
        let outer = x.shape[..<axis].reduce(1, *), n = x.shape[axis], inner = x.shape[(axis + 1)...].reduce(1, *)
        // Wrapping integer addition via &+ is not AdditiveArithmetic; overflow in int sums
        // traps, so integers go through a wrapping type below.
        switch x.storage {
        case .float(let a): return [x.with(shape: x.shape, storage: .float(scan(a, outer: outer, n: n, inner: inner)))]
        case .double(let a): return [x.with(shape: x.shape, storage: .double(scan(a, outer: outer, n: n, inner: inner)))]
        case .int32(let a):
            let r = scan(a.map(Wrapping.init), outer: outer, n: n, inner: inner).map(\.value)
            return [x.with(shape: x.shape, storage: .int32(r))]
        case .int64(let a):
            let r = scan(a.map(Wrapping.init), outer: outer, n: n, inner: inner).map(\.value)
            return [x.with(shape: x.shape, storage: .int64(r))]
        case .uint32(let a):
            let r = scan(a.map(Wrapping.init), outer: outer, n: n, inner: inner).map(\.value)
            return [x.with(shape: x.shape, storage: .uint32(r))]
        case .uint64(let a):
            let r = scan(a.map(Wrapping.init), outer: outer, n: n, inner: inner).map(\.value)
            return [x.with(shape: x.shape, storage: .uint64(r))]
        case .bits16:
            let f = Cast.toFloat(x)
            guard let a = f.floats else { break }
            return [Cast.fromFloat(f.with(shape: x.shape, storage: .float(scan(a, outer: outer, n: n, inner: inner))), to: x.dataType)]
        default: break
        }
        throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
    }
}

/// An integer whose + wraps instead of trapping, so integer kernels can share generic
/// AdditiveArithmetic code with the float ones.
struct Wrapping<T: FixedWidthInteger>: AdditiveArithmetic {
    var value: T
    init(_ v: T) { value = v }
    static var zero: Wrapping { Wrapping(0) }
    static func + (a: Wrapping, b: Wrapping) -> Wrapping { Wrapping(a.value &+ b.value) }
    static func - (a: Wrapping, b: Wrapping) -> Wrapping { Wrapping(a.value &- b.value) }
}

extension CumSum: PreservesInputType {}
