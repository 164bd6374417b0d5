import Foundation
import OnnxFormat

/// SwiGLU: Y = A · sigmoid(alpha · A) · B (ai.onnx SwiGLU, opset 28+), the Swish-gated
/// linear unit; A and B have one shape and type (no broadcasting), `alpha` defaults to 1.
/// As the reference, the sigmoid is rounded to the input type before the products;
/// float16/bfloat16 compute in float32.
struct SwiGLU: Operator {
    let node: NodeInfo
    let alpha: Float

    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = try node.float("alpha", default: 1)
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = try node.required(inputs, 0), b = try node.required(inputs, 1)
        guard a.shape == b.shape, a.dataType == b.dataType else {
            throw RuntimeError.node(node, "A \(a.dataType)\(a.shape) and B \(b.dataType)\(b.shape) must have one shape and type")
        }
        if a.dataType == .double {
            let x = try node.elements(a, Double.self, "A"), y = try node.elements(b, Double.self, "B")
            let r = (0..<x.count).map { i in x[i] * (1 / (1 + exp(-Double(alpha) * x[i]))) * y[i] }
            return [Double.tensor(r, shape: a.shape, as: .double)]
        }
        let x = try node.elements(a, Float.self, "A"), y = try node.elements(b, Float.self, "B")
        let t = a.dataType
        let round: (Float) -> Float = { v in
            switch t {
            case .float16: return Float(float16Bits: v.float16Bits)
            case .bfloat16: return Float(bfloat16Bits: v.bfloat16Bits)
            default: return v
            }
        }
        var r = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let s = round(1 / (1 + exp(-alpha * x[i])))
            r[i] = round(x[i] * s) * y[i]
        }
        return [Float.tensor(r, shape: a.shape, as: a.dataType)]
    }
}

extension SwiGLU: PreservesInputType {}
