import Foundation
import OnnxFormat

/// Log: elementwise natural logarithm; log(0) = -inf, log(<0) = NaN (ai.onnx Log, opsets 1-13). float, double, float16, bfloat16.
struct Log: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.unary(node.required(inputs, 0), name: "Log", { Foundation.log($0) }, double: { Foundation.log($0) })]
    }
}

extension Log: PreservesInputType {}
