import OnnxFormat

/// Identity: the input unchanged (ai.onnx Identity, opsets 1-21). Any type: a tensor, and
/// from opset 14 a sequence, from opset 16 an optional. A value operator so that sequences
/// and optionals pass through (such a node is never folded at load time; its input is
/// returned as it is, so that costs nothing).
struct Identity: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        [try FlowSupport.required(inputs, 0, node)]
    }
}

extension Identity: PreservesInputType {}
