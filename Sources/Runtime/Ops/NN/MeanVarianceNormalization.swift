import OnnxFormat

/// MeanVarianceNormalization: (X - E[X]) / (sqrt(E[X^2] - E[X]^2) + 1e-9) over `axes`
/// (default [0, 2, 3]) (ai.onnx MeanVarianceNormalization, opsets 9-22). float, double,
/// float16, bfloat16.
struct MeanVarianceNormalization: Operator {
    let node: NodeInfo
    let axes: [Int]
    init(_ node: NodeInfo) throws {
        self.node = node
        axes = try node.ints("axes", default: [0, 2, 3])
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let ax = Set(try Index.axes(axes, rank: x.rank, node))
        let v = try node.elements(x, Double.self, "X")
        // Group index of each element: its coordinates on the axes not reduced.
        let st = Tensor.strides(x.shape)
        var group = [Int](repeating: 0, count: v.count)
        var groups = 1
        var gstride = [Int](repeating: 0, count: x.rank)
        for d in stride(from: x.rank - 1, through: 0, by: -1) where !ax.contains(d) { gstride[d] = groups; groups *= x.shape[d] }
        for i in 0..<v.count {
            var r = i, g = 0
            for d in 0..<x.rank { let c = r / st[d]; r %= st[d]; g += c * gstride[d] }
            group[i] = g
        }
        var sum = [Double](repeating: 0, count: groups), sq = sum, cnt = sum
        for i in 0..<v.count { sum[group[i]] += v[i]; sq[group[i]] += v[i] * v[i]; cnt[group[i]] += 1 }
        var y = v
        for i in 0..<v.count {
            let g = group[i], m = sum[g] / cnt[g]
            let varc = Swift.max(sq[g] / cnt[g] - m * m, 0)
            y[i] = (v[i] - m) / (varc.squareRoot() + 1e-9)
        }
        return [Double.tensor(y, shape: x.shape, as: x.dataType)]
    }
}

extension MeanVarianceNormalization: PreservesInputType {}
