import OnnxFormat

/// SVMRegressor: Y[n] = Σ_j coefficients[j] · k(X[n], support_vectors[j]) + rho[0], or the
/// linear form X[n] · coefficients + rho[0] when `n_supports` is 0; with `one_class` the
/// sign (±1) (ai.onnx.ml SVMRegressor, opset 1). Output [N, 1], double for a double X
/// (onnx.reference), else float.
struct SVMRegressor: Operator {
    let node: NodeInfo
    let kernel: SVMKernel
    let coefficients: [Double]
    let supportVectors: [Double]
    let supports: Int
    let rho: Double
    let oneClass: Bool
    let transform: ML.PostTransform

    init(_ node: NodeInfo) throws {
        self.node = node
        kernel = try SVMKernel(node)
        coefficients = (node.floats("coefficients") ?? []).map(Double.init)
        supportVectors = (node.floats("support_vectors") ?? []).map(Double.init)
        supports = try node.int("n_supports", default: 0)
        rho = Double(node.floats("rho")?.first ?? 0)
        oneClass = try node.int("one_class", default: 0) != 0
        transform = try ML.postTransform(node)
        guard supports >= 0 else { throw RuntimeError.node(node, "n_supports must be >= 0") }
        if supports > 0 {
            guard coefficients.count >= supports, supportVectors.count % supports == 0 else {
                throw RuntimeError.node(node, "\(supportVectors.count) support vector values and \(coefficients.count) coefficients for \(supports) supports")
            }
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let (n, f, v) = try ML.matrix(x, node)
        var y = [Double](repeating: 0, count: n)
        if supports > 0 {
            guard supportVectors.count == supports * f else {
                throw RuntimeError.node(node, "support vectors have \(supportVectors.count / supports) features, X has \(f)")
            }
            for r in 0..<n {
                var s = 0.0
                for j in 0..<supports { s += coefficients[j] * kernel(v, r * f, supportVectors, j * f, f) }
                y[r] = s + rho
            }
        } else {
            guard coefficients.count == f else {
                throw RuntimeError.node(node, "\(coefficients.count) coefficients for \(f) features")
            }
            let linear = SVMKernel.linearDot
            for r in 0..<n { y[r] = linear(v, r * f, coefficients, 0, f) + rho }
        }
        if oneClass { y = y.map { $0 > 0 ? 1 : -1 } }
        ML.apply(transform, &y, cols: 1)
        return [ML.real(y, shape: [n, 1], double: x.dataType == .double)]
    }
}

extension SVMKernel {
    /// The plain dot product (the liblinear mode ignores kernel_type).
    static let linearDot: @Sendable ([Double], Int, [Double], Int, Int) -> Double = { a, ai, b, bi, n in
        var s = 0.0
        for j in 0..<n { s += a[ai + j] * b[bi + j] }
        return s
    }
}
