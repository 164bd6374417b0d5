import OnnxFormat

/// LinearRegressor: Y = X · coefficientsᵀ + intercepts, [N, targets], then
/// `post_transform` (ai.onnx.ml LinearRegressor, opset 1). Double for a double X
/// (onnx.reference), else float.
struct LinearRegressor: Operator {
    let node: NodeInfo
    let coefficients: [Double]
    let intercepts: [Double]
    let targets: Int
    let transform: ML.PostTransform

    init(_ node: NodeInfo) throws {
        self.node = node
        coefficients = (node.floats("coefficients") ?? []).map(Double.init)
        intercepts = (node.floats("intercepts") ?? []).map(Double.init)
        targets = try node.int("targets", default: 1)
        transform = try ML.postTransform(node)
        guard targets >= 1 else { throw RuntimeError.node(node, "targets must be >= 1") }
        guard intercepts.isEmpty || intercepts.count == targets else {
            throw RuntimeError.node(node, "\(intercepts.count) intercepts for \(targets) targets")
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let (n, f, v) = try ML.matrix(x, node)
        guard coefficients.count == targets * f else {
            throw RuntimeError.node(node, "\(coefficients.count) coefficients for \(targets) targets of \(f) features")
        }
        var y = [Double](repeating: 0, count: n * targets)
        for r in 0..<n {
            for t in 0..<targets {
                var s = intercepts.isEmpty ? 0 : intercepts[t]
                for j in 0..<f { s += v[r * f + j] * coefficients[t * f + j] }
                y[r * targets + t] = s
            }
        }
        ML.apply(transform, &y, cols: targets)
        return [ML.real(y, shape: [n, targets], double: x.dataType == .double)]
    }
}
