import Foundation
import OnnxFormat

/// Cosh: elementwise hyperbolic cosine (ai.onnx Cosh, opsets 9-22). float, double, float16, bfloat16.
struct Cosh: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Cosh", { Foundation.cosh($0) }, double: { Foundation.cosh($0) })]
    }
}

extension Cosh: PreservesInputType {}
