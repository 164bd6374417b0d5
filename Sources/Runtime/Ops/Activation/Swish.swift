import Foundation
import OnnxFormat

/// Swish: x * sigmoid(alpha * x) (ai.onnx Swish, opset 24+). Attribute alpha (default 1).
/// float, double, float16, bfloat16.
struct Swish: Operator {
    let node: NodeInfo
    let alpha: Double
    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = Double(try node.float("alpha", default: 1))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = alpha
        return [try Elementwise.unary(node.required(inputs, 0), name: "Swish", { x in x / (1 + Foundation.exp(-Float(a) * x)) },
                                      double: { x in x / (1 + Foundation.exp(-a * x)) })]
    }
}

extension Swish: PreservesInputType {}
