import OnnxFormat

/// OptionalGetElement: the value an optional holds; an empty optional is an error
/// (ai.onnx OptionalGetElement, opsets 15-21). From opset 18 a tensor or sequence input is
/// returned as it is.
struct OptionalGetElement: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        switch try FlowSupport.required(inputs, 0, node) {
        case .optional(let v?): return [v]
        case .optional(nil): throw RuntimeError.node(node, "the optional is empty")
        case let v:
            guard node.opset >= 18 else { throw RuntimeError.node(node, "input is a \(v.kind); before opset 18 it must be an optional") }
            return [v]
        }
    }
}
