import OnnxFormat

/// TreeEnsemble (ai.onnx.ml opset 5): the successor of TreeEnsembleRegressor/Classifier.
/// Nodes are addressed by index; `nodes_trueleafs`/`nodes_falseleafs` say whether a branch
/// leads to a leaf (an index into `leaf_targetids`/`leaf_weights`) or to another node.
/// Modes (`nodes_modes`, uint8): 0 LEQ, 1 LT, 2 GTE, 3 GT, 4 EQ, 5 NEQ, 6 MEMBER (sets from
/// `membership_values`, NaN-separated, in node order). Aggregation (`aggregate_function`):
/// 0 AVERAGE, 1 SUM, 2 MIN, 3 MAX; then `post_transform` (0 NONE, 1 SOFTMAX, 2 LOGISTIC,
/// 3 SOFTMAX_ZERO, 4 PROBIT). Output [N, n_targets] in X's element type.
struct TreeEnsemble: Operator {
    let node: NodeInfo
    let forest: TreeForest
    let targets: Int
    let aggregate: Int
    let transform: ML.PostTransform

    init(_ node: NodeInfo) throws {
        self.node = node
        forest = try TreeForest(v5: node)
        guard let t = try node.int("n_targets"), t >= 1 else { throw RuntimeError.node(node, "n_targets must be given and >= 1") }
        targets = t
        aggregate = try node.int("aggregate_function", default: 1)
        let p = try node.int("post_transform", default: 0)
        guard (0...3).contains(aggregate) else { throw RuntimeError.node(node, "aggregate_function \(aggregate) is not 0...3") }
        guard p >= 0, p < ML.PostTransform.byInt.count else { throw RuntimeError.node(node, "post_transform \(p) is not 0...4") }
        transform = ML.PostTransform.byInt[p]
        for l in forest.leaves { for e in l where e.id >= t { throw RuntimeError.node(node, "leaf target id \(e.id) >= n_targets \(t)") } }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard [.float, .double, .float16].contains(x.dataType) else {
            throw RuntimeError.node(node, "X has element type \(x.dataType); TreeEnsemble takes float, double or float16")
        }
        let (n, f, v) = try ML.matrix(x, node)
        try forest.check(features: f, node)
        let big = x.dataType == .double ? Double.greatestFiniteMagnitude : Double(Float.greatestFiniteMagnitude)
        let start: Double = aggregate == 2 ? big : (aggregate == 3 ? -big : 0)
        var y = [Double](repeating: start, count: n * targets)
        let trees = Double(max(forest.roots.count, 1))
        var hit: [Int] = []
        for r in 0..<n {
            try forest.leaves(v, base: r * f, into: &hit)
            for l in hit {
                for (t, w) in forest.leaves[l] {
                    let k = r * targets + t
                    switch aggregate {
                    case 0: y[k] += w / trees
                    case 2: y[k] = min(y[k], w)
                    case 3: y[k] = max(y[k], w)
                    default: y[k] += w
                    }
                }
            }
        }
        ML.apply(transform, &y, cols: targets)
        let shape = [n, targets]
        switch x.dataType {
        case .double: return [Tensor(uncheckedType: .double, shape: shape, storage: .double(y))]
        case .float16: return [Tensor(uncheckedType: .float16, shape: shape, storage: .bits16(y.map { Float($0).float16Bits }))]
        default: return [Tensor(uncheckedType: .float, shape: shape, storage: .float(y.map { Float($0) }))]
        }
    }
}

extension TreeEnsemble: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let n = inputs.at(0)?.shape.map { $0.count == 1 ? ValueType.Dim.fixed(1) : $0[0] } ?? .unknown
        return [ValueType(inputs.at(0)?.dataType, [n, .fixed(targets)])]
    }
}
