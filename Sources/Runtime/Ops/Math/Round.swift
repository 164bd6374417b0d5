import Foundation
import OnnxFormat

/// Round: elementwise round half to even, as numpy.round (ai.onnx Round, opsets 11-22). float, double, float16, bfloat16.
struct Round: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Round", { $0.rounded(.toNearestOrEven) }, double: { $0.rounded(.toNearestOrEven) })]
    }
}

extension Round: PreservesInputType {}
