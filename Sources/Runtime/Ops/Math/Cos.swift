import Foundation
import OnnxFormat

/// Cos: elementwise cosine (ai.onnx Cos, opsets 7-22). float, double, float16, bfloat16.
struct Cos: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Cos", { Foundation.cos($0) }, double: { Foundation.cos($0) })]
    }
}

extension Cos: PreservesInputType {}
