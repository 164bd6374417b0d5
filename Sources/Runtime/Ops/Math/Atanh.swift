import Foundation
import OnnxFormat

/// Atanh: elementwise inverse hyperbolic function (ai.onnx Atanh, opsets 9-22). float,
/// double, float16, bfloat16.
struct Atanh: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Atanh", { Foundation.atanh($0) }, double: { Foundation.atanh($0) })]
    }
}

extension Atanh: PreservesInputType {}
