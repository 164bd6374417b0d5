import Foundation
import OnnxFormat

/// Asin: elementwise arcsine (ai.onnx Asin, opsets 7-22). float, double, float16, bfloat16.
struct Asin: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Asin", { Foundation.asin($0) }, double: { Foundation.asin($0) })]
    }
}

extension Asin: PreservesInputType {}
