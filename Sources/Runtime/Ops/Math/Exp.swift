import CKernels
import Foundation
import OnnxFormat

/// Exp: elementwise e^x (ai.onnx Exp, opsets 1-13). float, double, float16, bfloat16.
struct Exp: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        if let t = FastElementwise.unary(Int32(PK_EXP), try node.required(inputs, 0)) { return [t] }
        return [try Elementwise.unary(node.required(inputs, 0), name: "Exp", { Foundation.exp($0) }, double: { Foundation.exp($0) })]
    }
}

extension Exp: PreservesInputType {}
