import Foundation
import OnnxFormat

/// Atan: elementwise arctangent (ai.onnx Atan, opsets 7-22). float, double, float16, bfloat16.
struct Atan: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Atan", { Foundation.atan($0) }, double: { Foundation.atan($0) })]
    }
}

extension Atan: PreservesInputType {}
