import Foundation
import OnnxFormat

/// Acosh: elementwise inverse hyperbolic function (ai.onnx Acosh, opsets 9-22). float,
/// double, float16, bfloat16.
struct Acosh: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Acosh", { Foundation.acosh($0) }, double: { Foundation.acosh($0) })]
    }
}

extension Acosh: PreservesInputType {}
