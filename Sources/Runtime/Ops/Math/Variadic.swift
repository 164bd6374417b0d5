import OnnxFormat

/// Shared fold for the variadic elementwise ops (Max, Min, Sum, Mean): every input is
/// combined left to right with multidirectional broadcasting (opset 8+; opsets 6-7 required
/// equal shapes, which broadcasting also accepts).
enum Variadic {
    static func fold(_ node: NodeInfo, _ inputs: [Tensor?], float: @escaping @Sendable (Float, Float) -> Float,
                     double: @escaping @Sendable (Double, Double) -> Double,
                     integer: some IntegerBinaryFunction) throws -> Tensor {
        let xs = inputs.compactMap { $0 }
        guard var acc = xs.first else { throw RuntimeError.node(node, "needs at least one input") }
        if xs.count == 1 {
            // Still reject types the op does not support.
            _ = try Elementwise.numeric(acc, acc, float: float, double: double, integer: integer, name: node.opType)
        }
        for x in xs.dropFirst() {
            acc = try Elementwise.numeric(acc, x, float: float, double: double, integer: integer, name: node.opType)
        }
        return acc
    }
}
