import Foundation
import OnnxFormat

/// Sqrt: elementwise square root; negative input gives NaN (ai.onnx Sqrt, opsets 1-13). float, double, float16, bfloat16.
struct Sqrt: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Sqrt", { $0.squareRoot() }, double: { $0.squareRoot() })]
    }
}

extension Sqrt: PreservesInputType {}
