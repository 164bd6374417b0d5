import OnnxFormat

/// Dropout in inference: Y = X, and the optional mask output is all ones (ai.onnx
/// Dropout, opsets 1-22). Opsets 1-9 give the mask X's type, opset 10+ bool. Opset 12+
/// takes ratio and training_mode as inputs; training_mode true is an error (random
/// dropout is training behaviour) unless ratio is 0, which drops nothing. The opset 1-6 is_test attribute is ignored: exporters
/// left it 0 in inference graphs too. Any element type passes through.
struct Dropout: Operator {
    let node: NodeInfo

    init(_ node: NodeInfo) throws {
        self.node = node
        if node.opset < 12 {
            let ratio = try node.float("ratio", default: 0.5)
            guard ratio >= 0, ratio < 1 else { throw RuntimeError.node(node, "attribute 'ratio' = \(ratio) must be in [0, 1)") }
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        if node.opset >= 12, let t = node.optional(inputs, 2) {
            guard let v = t.asInt64s(), v.count == 1 else {
                throw RuntimeError.node(node, "training_mode must be a bool scalar, got \(t.dataType)\(t.shape)")
            }
            if v[0] != 0 {
                // Training with ratio 0 drops nothing: Y = X, mask all true.
                let ratio = node.optional(inputs, 1).flatMap { $0.asDoubles()?.first } ?? 0.5
                if ratio != 0 {
                    throw RuntimeError.node(node, "training_mode = true with ratio \(ratio) is not supported: random dropout is training behaviour")
                }
            }
        }
        guard node.wantsOutput(1) else { return [x] }
        let mask: Tensor
        if node.opset >= 10 {
            mask = Tensor(uncheckedType: .bool, shape: x.shape, storage: .bool(.init(repeating: true, count: x.count)))
        } else {
            switch x.dataType {
            case .float, .float16, .bfloat16, .double:
                mask = try node.wrap { try Cast.convert(Tensor(uncheckedType: .bool, shape: x.shape, storage: .bool(.init(repeating: true, count: x.count))), to: x.dataType) }
            default:
                throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
            }
        }
        return [x, mask]
    }
}

extension Dropout: ShapeInferring {
    /// Y is X; the mask has X's shape, bool from opset 10 (X's type before).
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        return [x, ValueType(node.opset >= 10 ? .bool : x?.dataType, x?.shape)]
    }
}
