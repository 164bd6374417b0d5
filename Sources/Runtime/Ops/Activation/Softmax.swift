import OnnxFormat

/// Softmax: e^x / sum(e^x) along `axis` (ai.onnx Softmax, opsets 1-13). Before opset 13 the input
/// is coerced to 2-D at `axis` (default 1) and each row is normalised; from 13 only the
/// single `axis` (default -1) is. float, double, float16, bfloat16.
struct Softmax: Operator {
    let node: NodeInfo
    let axis: Int
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: node.opset < 13 ? 1 : -1)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try SoftmaxKernel.run(node, axis, node.required(inputs, 0), .softmax)]
    }
}

extension Softmax: PreservesInputType {}
