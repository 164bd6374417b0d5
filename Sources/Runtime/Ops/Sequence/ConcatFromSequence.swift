import OnnxFormat

/// ConcatFromSequence: joins a sequence's tensors along `axis` (required) (ai.onnx
/// ConcatFromSequence, opsets 11-21). With `new_axis = 1` (default 0) they are stacked
/// along a new axis instead, and `axis` may then be in [-r-1, r]. The sequence must not be
/// empty.
struct ConcatFromSequence: ValueOperator {
    let node: NodeInfo
    let axis: Int
    let newAxis: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        guard let a = try node.int("axis") else { throw RuntimeError.node(node, "attribute 'axis' is required") }
        axis = a
        newAxis = try node.int("new_axis", default: 0) != 0
    }

    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let (_, items) = try FlowSupport.sequence(inputs, 0, node)
        let ts = try items.map { try $0.asTensor("sequence element") }
        guard let first = ts.first else { throw RuntimeError.node(node, "the sequence is empty") }
        if newAxis {
            let ax = try Index.axis(axis, rank: first.rank + 1, node)
            return [.tensor(try FlowSupport.stack(ts, axis: ax, node))]
        }
        let concat = try Concat(NodeInfo(opType: "Concat", opset: 13, inputs: ts.indices.map { "x\($0)" }, outputs: ["y"],
                                         attributes: [Self.intAttribute("axis", axis)], name: node.name))
        return try concat.run(ts).map(Value.tensor)
    }

    static func intAttribute(_ name: String, _ v: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(v)
        return a
    }
}
