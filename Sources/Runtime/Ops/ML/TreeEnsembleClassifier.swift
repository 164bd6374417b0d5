import OnnxFormat

/// TreeEnsembleClassifier (ai.onnx.ml, opsets 1 and 3; opset 3 adds `*_as_tensor`
/// attributes). Scores start at `base_values` and each tree's leaf adds its class weights;
/// when every weight names one class the problem is binary: score 1 is that sum and
/// score 0 its complement (1 - s with NONE/PROBIT, -s otherwise). Then `post_transform`,
/// and the label is the best score's class (as onnx.reference). Z is float.
struct TreeEnsembleClassifier: Operator {
    let node: NodeInfo
    let forest: TreeForest
    let labels: ML.Labels
    let base: [Double]
    let transform: ML.PostTransform
    let binary: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        forest = try TreeForest(legacy: node, prefix: "class")
        guard let l = try ML.labels(node, ints: "classlabels_int64s", strings: "classlabels_strings") else {
            throw RuntimeError.node(node, "needs classlabels_int64s or classlabels_strings")
        }
        labels = l
        base = try ML.reals(node, "base_values") ?? []
        transform = try ML.postTransform(node)
        let ids = Set(forest.leaves.flatMap { $0.map(\.id) })
        binary = ids.count == 1
        let width = max(labels.count, binary ? 2 : 1)
        guard base.isEmpty || base.count <= width else { throw RuntimeError.node(node, "\(base.count) base_values for \(labels.count) classes") }
        for i in ids where i >= width { throw RuntimeError.node(node, "class id \(i) >= \(labels.count) classes") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let (n, f, v) = try ML.matrix(x, node)
        try forest.check(features: f, node)
        let classes = labels.count
        let cols = binary ? 2 : classes
        var z = [Double](repeating: 0, count: n * cols)
        var hit: [Int] = []
        for r in 0..<n {
            var row = [Double](repeating: 0, count: max(classes, 1))
            for (k, b) in base.enumerated() where k < row.count { row[k] = b }
            try forest.leaves(v, base: r * f, into: &hit)
            for l in hit { for (c, w) in forest.leaves[l] where c < row.count { row[c] += w } }
            // Accumulate in float, as onnx.reference and onnxruntime do.
            row = row.map { Double(Float($0)) }
            if binary {
                let s = classes == 1 ? row[0] : row[0]
                let first = (transform == .none || transform == .probit) ? 1 - s : -s
                z[r * 2] = first
                z[r * 2 + 1] = s
            } else {
                for c in 0..<cols { z[r * cols + c] = row[c] }
            }
        }
        ML.apply(transform, &z, cols: cols)
        let best = (0..<n).map { ML.argmax(z[($0 * cols)..<($0 * cols + cols)]) }
        let y: Tensor
        if case .ints(let a) = labels, a.count == 1 {
            // One int label: onnx.reference maps the argmax 1 to 1 and 0 to 0.
            y = Tensor(shape: [n], int64s: best.map { $0 == 1 ? 1 : 0 })
        } else {
            y = labels.tensor(best)
        }
        return [y, ML.real(z, shape: [n, cols], double: false)]
    }
}

extension TreeEnsembleClassifier: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let label: DataType = { if case .strings = labels { return .string }; return .int64 }()
        let n = inputs.at(0)?.shape.map { $0.count == 1 ? ValueType.Dim.fixed(1) : $0[0] } ?? .unknown
        return [ValueType(label, [n]), ValueType(.float, [n, .fixed(binary ? 2 : labels.count)])]
    }
}
