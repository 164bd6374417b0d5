import OnnxFormat

/// LinearClassifier: scores = X · coefficientsᵀ + intercepts, then `post_transform`; the
/// label is the class of the best score (ai.onnx.ml LinearClassifier, opset 1). With one
/// coefficient row and two classes the scores are [-s, s]; with one score column the label
/// is the first class when the score passes 0 (NONE) or 0.5. Follows onnx.reference:
/// scores are double for a double X, else float.
struct LinearClassifier: Operator {
    let node: NodeInfo
    let coefficients: [Double]
    let intercepts: [Double]
    let labels: ML.Labels?
    let transform: ML.PostTransform

    init(_ node: NodeInfo) throws {
        self.node = node
        coefficients = (node.floats("coefficients") ?? []).map(Double.init)
        intercepts = (node.floats("intercepts") ?? []).map(Double.init)
        labels = try ML.labels(node, ints: "classlabels_ints", strings: "classlabels_strings")
        transform = try ML.postTransform(node)
        guard !coefficients.isEmpty else { throw RuntimeError.node(node, "coefficients is empty") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let (n, f, v) = try ML.matrix(x, node)
        guard f > 0, coefficients.count % f == 0 else {
            throw RuntimeError.node(node, "\(coefficients.count) coefficients do not split into rows of \(f) features")
        }
        let classes = coefficients.count / f
        guard intercepts.isEmpty || intercepts.count == classes else {
            throw RuntimeError.node(node, "\(intercepts.count) intercepts for \(classes) coefficient rows")
        }
        var scores = [Double](repeating: 0, count: n * classes)
        for r in 0..<n {
            for c in 0..<classes {
                var s = intercepts.isEmpty ? 0 : intercepts[c]
                for j in 0..<f { s += v[r * f + j] * coefficients[c * f + j] }
                scores[r * classes + c] = s
            }
        }
        var cols = classes
        if classes == 1, (labels?.count ?? 0) == 2 {
            var two = [Double](repeating: 0, count: n * 2)
            for r in 0..<n { two[2 * r] = -scores[r]; two[2 * r + 1] = scores[r] }
            scores = two
            cols = 2
        }
        ML.apply(transform, &scores, cols: cols)
        let y: Tensor
        if cols > 1 {
            let best = (0..<n).map { ML.argmax(scores[($0 * cols)..<($0 * cols + cols)]) }
            y = labels?.tensor(best) ?? Tensor(shape: [n], int64s: best.map(Int64.init))
        } else {
            let threshold = transform == .none ? 0.0 : 0.5
            let pass = (0..<n).map { scores[$0] >= threshold }
            switch labels {
            case .ints(let a)?:
                y = Tensor(shape: [n], int64s: pass.map { $0 ? (a.first ?? 1) : 0 })
            case .strings(let a)?:
                y = Tensor(uncheckedType: .string, shape: [n], storage: .string(pass.map { $0 ? (a.first ?? "") : "" }))
            case nil:
                y = Tensor(shape: [n], int64s: pass.map { $0 ? 1 : 0 })
            }
        }
        return [y, ML.real(scores, shape: [n, cols], double: x.dataType == .double)]
    }
}

extension LinearClassifier: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let n = inputs.at(0)?.shape.map { $0.count == 1 ? ValueType.Dim.fixed(1) : $0[0] } ?? .unknown
        let label: DataType = { if case .strings? = labels { return .string }; return .int64 }()
        return [ValueType(label, [n]), nil]
    }
}
