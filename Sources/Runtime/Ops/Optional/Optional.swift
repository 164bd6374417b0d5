import OnnxFormat

/// Optional: an optional holding the input, or an empty optional when the input is
/// omitted, in which case the `type` attribute (a TypeProto) must say what it would hold
/// (ai.onnx Optional, opsets 15-21).
struct OptionalOp: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws {
        self.node = node
        if !node.hasInput(0), node.attributes["type"]?.hasTp != true {
            throw RuntimeError.node(node, "an Optional without input needs the 'type' attribute")
        }
    }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        [.optional(inputs.first ?? nil)]
    }
}
