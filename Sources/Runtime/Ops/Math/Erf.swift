import CKernels
import Foundation
import OnnxFormat

/// Erf: elementwise Gauss error function (ai.onnx Erf, opsets 9-13). float, double, float16, bfloat16.
struct Erf: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        if let y = FastElementwise.unary(Int32(PK_ERF), try node.required(inputs, 0)) { return [y] }
        return [try Elementwise.unary(node.required(inputs, 0), name: "Erf", { Foundation.erf($0) }, double: { Foundation.erf($0) })]
    }
}

extension Erf: PreservesInputType {}
