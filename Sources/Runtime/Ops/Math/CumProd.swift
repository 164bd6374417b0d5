import OnnxFormat

/// CumProd: cumulative product along the axis given by scalar input 1 (ai.onnx CumProd,
/// opset 26+). `exclusive` = 1 starts each product at 1 without the current element;
/// `reverse` = 1 multiplies from the end. Float types in float64; integers with wrapping
/// multiplication.
struct CumProd: Operator {
    let node: NodeInfo
    let exclusive: Bool, reverse: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        exclusive = try node.int("exclusive", default: 0) != 0
        reverse = try node.int("reverse", default: 0) != 0
    }

    func scan<T>(_ a: [T], outer: Int, n: Int, inner: Int, one: T, _ mul: (T, T) -> T) -> [T] {
        var out = a
        for o in 0..<outer {
            for i in 0..<inner {
                var acc = one
                for k in 0..<n {
                    let kk = reverse ? n - 1 - k : k
                    let idx = (o * n + kk) * inner + i
                    if exclusive { out[idx] = acc; acc = mul(acc, a[idx]) } else { acc = mul(acc, a[idx]); out[idx] = acc }
                }
            }
        }
        return out
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let axes = try Index.ints(node.required(inputs, 1), node, "axis")
        guard axes.count == 1, let a0 = axes.first else { throw RuntimeError.node(node, "axis must be a scalar") }
        let axis = try Index.axis(a0, rank: x.rank, node)
        let outer = x.shape[..<axis].reduce(1, *), n = x.shape[axis], inner = x.shape[(axis + 1)...].reduce(1, *)
        if x.isFloatLike {
            let v = try node.elements(x, Double.self, "x")
            return [Double.tensor(scan(v, outer: outer, n: n, inner: inner, one: 1, *), shape: x.shape, as: x.dataType)]
        }
        guard let v = x.asInt64s(), x.dataType != .bool else { throw RuntimeError.node(node, "element type \(x.dataType) is not supported") }
        let r = scan(v, outer: outer, n: n, inner: inner, one: 1, &*)
        return [try Cast.convert(Tensor(uncheckedType: .int64, shape: x.shape, storage: .int64(r)), to: x.dataType)]
    }
}

extension CumProd: PreservesInputType {}
