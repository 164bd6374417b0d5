import OnnxFormat

/// Det: determinant of each square matrix in the last two dimensions (ai.onnx Det, opsets
/// 11-22), by LU decomposition with partial pivoting in float64. float, double, float16,
/// bfloat16.
struct Det: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard x.rank >= 2, x.shape[x.rank - 1] == x.shape[x.rank - 2] else {
            throw RuntimeError.node(node, "input must be [..., M, M], got \(x.shape)")
        }
        let n = x.shape[x.rank - 1], v = try node.elements(x, Double.self, "X")
        let batch = Tensor.elementCount(Array(x.shape.dropLast(2)))
        var out = [Double](repeating: 0, count: batch)
        for b in 0..<batch {
            var m = Array(v[(b * n * n)..<((b + 1) * n * n)])
            var det = 1.0
            for c in 0..<n {
                var p = c
                for r in (c + 1)..<Swift.max(n, c + 1) where abs(m[r * n + c]) > abs(m[p * n + c]) { p = r }
                if m[p * n + c] == 0 { det = 0; break }
                if p != c { for k in 0..<n { m.swapAt(p * n + k, c * n + k) }; det = -det }
                det *= m[c * n + c]
                for r in (c + 1)..<Swift.max(n, c + 1) {
                    let f = m[r * n + c] / m[c * n + c]
                    for k in c..<n { m[r * n + k] -= f * m[c * n + k] }
                }
            }
            out[b] = det
        }
        return [Double.tensor(out, shape: Array(x.shape.dropLast(2)), as: x.dataType)]
    }
}

extension Det: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        return [ValueType(x?.dataType, x?.shape.map { Array($0.dropLast(2)) })]
    }
}
