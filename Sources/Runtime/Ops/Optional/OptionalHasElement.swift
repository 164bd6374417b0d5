import OnnxFormat

/// OptionalHasElement: a bool scalar, true when the input optional holds a value (ai.onnx
/// OptionalHasElement, opsets 15-21). Opset 15 takes an optional only; from opset 18 the
/// input may also be a tensor or sequence (true) or omitted (false).
struct OptionalHasElement: ValueOperator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws {
        self.node = node
        if node.opset < 18, !node.hasInput(0) { throw RuntimeError.node(node, "input is required before opset 18") }
    }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let has: Bool
        switch inputs.first ?? nil {
        case nil: has = false
        case .optional(let v)?: has = v != nil
        case let v?:
            guard node.opset >= 18 else { throw RuntimeError.node(node, "input is a \(v.kind); before opset 18 it must be an optional") }
            has = true
        }
        return [.tensor(Tensor(uncheckedType: .bool, shape: [], storage: .bool([has])))]
    }
}

extension OptionalHasElement: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.bool, fixed: [])]
    }
}
