import Foundation
import OnnxFormat

/// LRN: local response normalisation across channels (ai.onnx LRN, opsets 1-13):
/// y = x / (bias + alpha / size * sum of x^2 over channels [c - floor((size-1)/2),
/// c + ceil((size-1)/2)])^beta. Attributes alpha (1e-4), beta (0.75), bias (1.0),
/// size (required). Types: float, double, float16, bfloat16.
struct LRN: Operator {
    let node: NodeInfo
    let alpha: Double, beta: Double, bias: Double
    let size: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = Double(try node.float("alpha", default: 1e-4))
        beta = Double(try node.float("beta", default: 0.75))
        bias = Double(try node.float("bias", default: 1))
        guard let s = try node.int("size") else { throw RuntimeError.node(node, "attribute 'size' is required") }
        guard s >= 1, s <= WindowGeometry.attributeLimit else {
            throw RuntimeError.node(node, "attribute 'size' = \(s) must be in 1...\(WindowGeometry.attributeLimit)")
        }
        size = s
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        switch x.dataType {
        case .float, .float16, .bfloat16: return [try compute(Float.self, x)]
        case .double: return [try compute(Double.self, x)]
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
    }

    func compute<T: NNScalar>(_: T.Type, _ x: Tensor) throws -> Tensor {
        guard x.rank >= 2 else { throw RuntimeError.node(node, "X must have shape [N, C, ...], got \(x.shape)") }
        let n = x.shape[0], c = x.shape[1], inner = Tensor.elementCount(Array(x.shape[2...]))
        let before = (size - 1) / 2, after = size - 1 - before
        let xs = try node.elements(x, T.self, "X")
        var y = [T](repeating: 0, count: xs.count)
        let k = alpha / Double(size)
        xs.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
            var sq = [Double](repeating: 0, count: inner)
            for b in 0..<n {
                for ch in 0..<c {
                    for i in 0..<inner { sq[i] = 0 }
                    for j in max(0, ch - before)...min(c - 1, ch + after) {
                        let base = (b * c + j) * inner
                        for i in 0..<inner { let v = Double(px[base + i]); sq[i] += v * v }
                    }
                    let base = (b * c + ch) * inner
                    for i in 0..<inner { py[base + i] = T(Double(px[base + i]) / pow(bias + k * sq[i], beta)) }
                }
            }
        } }
        return T.tensor(y, shape: x.shape, as: x.dataType)
    }
}

extension LRN: PreservesInputType {}
