import Foundation
import OnnxFormat

/// Ceil: elementwise round toward +inf (ai.onnx Ceil, opsets 1-13). float, double, float16, bfloat16.
struct Ceil: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Ceil", { $0.rounded(.up) }, double: { $0.rounded(.up) })]
    }
}

extension Ceil: PreservesInputType {}
