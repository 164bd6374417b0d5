import Foundation
import OnnxFormat

/// Asinh: elementwise inverse hyperbolic function (ai.onnx Asinh, opsets 9-22). float,
/// double, float16, bfloat16.
struct Asinh: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Asinh", { Foundation.asinh($0) }, double: { Foundation.asinh($0) })]
    }
}

extension Asinh: PreservesInputType {}
