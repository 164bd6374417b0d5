import Foundation
import OnnxFormat

/// Multinomial: `sample_size` (default 1) class indices per batch row drawn from the
/// unnormalized log-probabilities input [batch, classes] (ai.onnx Multinomial, opset 7+).
/// Attributes dtype (int32 default, or int64) and seed. Output [batch, sample_size].
struct Multinomial: Operator {
    let node: NodeInfo
    let sampleSize: Int
    let dtype: DataType
    init(_ node: NodeInfo) throws {
        self.node = node
        sampleSize = try node.int("sample_size", default: 1)
        dtype = try RandomSupport.dtype(node) ?? .int32
        guard dtype == .int32 || dtype == .int64 else { throw RuntimeError.node(node, "attribute 'dtype' must be int32 or int64") }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard x.rank == 2 else { throw RuntimeError.node(node, "input must be [batch, classes], got \(x.shape)") }
        let v = try node.elements(x, Double.self, "input")
        let (b, c) = (x.shape[0], x.shape[1])
        var g = RandomSupport.generator(node)
        var out: [Double] = []
        for i in 0..<b {
            let row = v[(i * c)..<((i + 1) * c)]
            let m = row.max() ?? 0
            let w = row.map { Foundation.exp($0 - m) }
            let total = w.reduce(0, +)
            for _ in 0..<sampleSize {
                var u = g.uniform() * total, k = 0
                while k < c - 1 && u >= w[k] { u -= w[k]; k += 1 }
                out.append(Double(k))
            }
        }
        return [try RandomSupport.tensor(out, shape: [b, sampleSize], as: dtype)]
    }
}
