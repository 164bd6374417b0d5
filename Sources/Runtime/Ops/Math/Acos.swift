import Foundation
import OnnxFormat

/// Acos: elementwise arccosine (ai.onnx Acos, opsets 7-22). float, double, float16, bfloat16.
struct Acos: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Acos", { Foundation.acos($0) }, double: { Foundation.acos($0) })]
    }
}

extension Acos: PreservesInputType {}
