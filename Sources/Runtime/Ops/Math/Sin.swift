import Foundation
import OnnxFormat

/// Sin: elementwise sine (ai.onnx Sin, opsets 7-22). float, double, float16, bfloat16.
struct Sin: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Sin", { Foundation.sin($0) }, double: { Foundation.sin($0) })]
    }
}

extension Sin: PreservesInputType {}
