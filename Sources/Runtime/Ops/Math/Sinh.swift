import Foundation
import OnnxFormat

/// Sinh: elementwise hyperbolic sine (ai.onnx Sinh, opsets 9-22). float, double, float16, bfloat16.
struct Sinh: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Sinh", { Foundation.sinh($0) }, double: { Foundation.sinh($0) })]
    }
}

extension Sinh: PreservesInputType {}
