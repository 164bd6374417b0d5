import Foundation
import OnnxFormat

/// Tan: elementwise tangent (ai.onnx Tan, opsets 7-22). float, double, float16, bfloat16.
struct Tan: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Tan", { Foundation.tan($0) }, double: { Foundation.tan($0) })]
    }
}

extension Tan: PreservesInputType {}
