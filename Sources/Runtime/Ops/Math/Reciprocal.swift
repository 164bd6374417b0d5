import Foundation
import OnnxFormat

/// Reciprocal: elementwise 1/x (ai.onnx Reciprocal, opsets 1-13). float, double, float16, bfloat16.
struct Reciprocal: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Reciprocal", { 1 / $0 }, double: { 1 / $0 })]
    }
}

extension Reciprocal: PreservesInputType {}
