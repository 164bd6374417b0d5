import OnnxFormat

/// Not: elementwise logical negation of a bool tensor (ai.onnx Not, opset 1).
struct Not: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard case .bool(let a) = x.storage else { throw RuntimeError.node(node, "input must be bool, got \(x.dataType)") }
        return [x.with(shape: x.shape, storage: .bool(a.map { !$0 }))]
    }
}

extension Not: PreservesInputType {}
