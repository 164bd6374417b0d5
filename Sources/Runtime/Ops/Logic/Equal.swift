import OnnxFormat

/// Equal: elementwise a == b with broadcasting, giving bool (ai.onnx Equal, opsets 1-19).
/// Numeric types, bool and (Equal) string; float16/bfloat16 compare as float.
struct Equal: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct P: ComparePredicate { func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool { a == b } }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.compare(node.required(inputs, 0), node.required(inputs, 1), P(), name: "Equal")]
    }
}

extension Equal: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs, result: .bool)]
    }
}
