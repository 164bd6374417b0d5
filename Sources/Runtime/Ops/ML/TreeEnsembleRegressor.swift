import OnnxFormat

/// TreeEnsembleRegressor (ai.onnx.ml, opsets 1 and 3; opset 3 adds the `*_as_tensor`
/// attributes, double thresholds and weights among them). Each tree sends a row to one
/// leaf; the leaves' target weights are aggregated (SUM, AVERAGE over trees, MIN, MAX),
/// then `base_values` are added and `post_transform` applied. Output [N, n_targets],
/// double for a double X (onnx.reference), else float.
struct TreeEnsembleRegressor: Operator {
    let node: NodeInfo
    let forest: TreeForest
    let targets: Int
    let aggregate: String
    let base: [Double]
    let transform: ML.PostTransform

    init(_ node: NodeInfo) throws {
        self.node = node
        forest = try TreeForest(legacy: node, prefix: "target")
        targets = try node.int("n_targets", default: 1)
        aggregate = try node.string("aggregate_function", default: "SUM")
        base = try ML.reals(node, "base_values") ?? []
        transform = try ML.postTransform(node)
        guard targets >= 1 else { throw RuntimeError.node(node, "n_targets must be >= 1") }
        guard ["SUM", "AVERAGE", "MIN", "MAX"].contains(aggregate) else {
            throw RuntimeError.node(node, "aggregate_function '\(aggregate)' is not SUM, AVERAGE, MIN or MAX")
        }
        guard base.isEmpty || base.count == targets else { throw RuntimeError.node(node, "\(base.count) base_values for \(targets) targets") }
        for l in forest.leaves { for e in l where e.id >= targets { throw RuntimeError.node(node, "target id \(e.id) >= n_targets \(targets)") } }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let (n, f, v) = try ML.matrix(x, node)
        try forest.check(features: f, node)
        let start: Double = aggregate == "MIN" ? Double(Float.greatestFiniteMagnitude) : (aggregate == "MAX" ? -Double(Float.greatestFiniteMagnitude) : 0)
        var y = [Double](repeating: start, count: n * targets)
        var hit: [Int] = []
        for r in 0..<n {
            try forest.leaves(v, base: r * f, into: &hit)
            for l in hit {
                for (t, w) in forest.leaves[l] {
                    let k = r * targets + t
                    switch aggregate {
                    case "MIN": y[k] = min(y[k], w)
                    case "MAX": y[k] = max(y[k], w)
                    default: y[k] += w
                    }
                }
            }
        }
        if aggregate == "AVERAGE", !forest.roots.isEmpty {
            let trees = Double(forest.roots.count)
            for i in y.indices { y[i] /= trees }
        }
        if !base.isEmpty { for i in y.indices { y[i] += base[i % targets] } }
        ML.apply(transform, &y, cols: targets)
        return [ML.real(y, shape: [n, targets], double: x.dataType == .double)]
    }
}
