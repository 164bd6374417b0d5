import OnnxFormat

/// IsInf: true where an element is infinite (ai.onnx IsInf, opsets 10-20);
/// `detect_negative` and `detect_positive` (default 1) choose which infinities count.
struct IsInf: Operator {
    let node: NodeInfo
    let negative: Bool, positive: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        negative = try node.int("detect_negative", default: 1) != 0
        positive = try node.int("detect_positive", default: 1) != 0
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard x.isFloatLike, let d = x.asDoubles() else {
            throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
        let neg = negative, pos = positive
        let r = d.map { $0.isInfinite && ($0 > 0 ? pos : neg) }
        return [Tensor(uncheckedType: .bool, shape: x.shape, storage: .bool(r))]
    }
}

extension IsInf: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.bool, inputs.at(0)?.shape)]
    }
}
