import Foundation
import OnnxFormat

/// LpNormalization: x / ||x||_p along `axis` (default -1), p = 1 or 2 (default 2); a zero
/// norm gives 0 (ai.onnx LpNormalization, opsets 1-22). float, double, float16, bfloat16.
struct LpNormalization: Operator {
    let node: NodeInfo
    let axis: Int, p: Int
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: -1)
        p = try node.int("p", default: 2)
        guard p == 1 || p == 2 else { throw RuntimeError.node(node, "attribute 'p' = \(p) must be 1 or 2") }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let a = try Index.axis(axis, rank: x.rank, node)
        let v = try node.elements(x, Double.self, "input")
        let outer = Tensor.elementCount(Array(x.shape[..<a])), n = x.shape[a], inner = Tensor.elementCount(Array(x.shape[(a + 1)...]))
        var y = v
        for o in 0..<outer {
            for i in 0..<inner {
                var s = 0.0
                for k in 0..<n { let e = v[(o * n + k) * inner + i]; s += p == 1 ? abs(e) : e * e }
                let norm = p == 1 ? s : s.squareRoot()
                for k in 0..<n { let j = (o * n + k) * inner + i; y[j] = norm == 0 ? 0 : v[j] / norm }
            }
        }
        return [Double.tensor(y, shape: x.shape, as: x.dataType)]
    }
}

extension LpNormalization: PreservesInputType {}
