import OnnxFormat

/// Normalizer: divides each row by its MAX (largest absolute value), L1 or L2 norm,
/// floored at 1e-30 (ai.onnx.ml Normalizer, opset 1). Double for a double X, else float.
struct Normalizer: Operator {
    let node: NodeInfo
    let norm: String
    init(_ node: NodeInfo) throws {
        self.node = node
        norm = try node.string("norm", default: "MAX")
        guard ["MAX", "L1", "L2"].contains(norm) else { throw RuntimeError.node(node, "norm '\(norm)' is not MAX, L1 or L2") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let (n, c, v) = try ML.matrix(x, node)
        var y = v
        for r in 0..<n {
            let row = v[(r * c)..<(r * c + c)]
            let d: Double
            switch norm {
            case "MAX": d = row.map(abs).max() ?? 0
            case "L1": d = row.reduce(0) { $0 + abs($1) }
            default: d = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            }
            let div = max(d, 1e-30)
            for j in 0..<c { y[r * c + j] = v[r * c + j] / div }
        }
        return [ML.real(y, shape: x.rank == 1 ? [1, c] : x.shape, double: x.dataType == .double)]
    }
}
