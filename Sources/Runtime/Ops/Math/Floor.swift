import Foundation
import OnnxFormat

/// Floor: elementwise round toward -inf (ai.onnx Floor, opsets 1-13). float, double, float16, bfloat16.
struct Floor: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Floor", { $0.rounded(.down) }, double: { $0.rounded(.down) })]
    }
}

extension Floor: PreservesInputType {}
