import OnnxFormat

/// Identity: the input unchanged (ai.onnx Identity, opsets 1-21). Any type.
struct Identity: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { [try node.required(inputs, 0)] }
}

extension Identity: PreservesInputType {}
