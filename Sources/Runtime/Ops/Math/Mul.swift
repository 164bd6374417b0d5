import OnnxFormat

/// Mul: elementwise product with broadcasting (ai.onnx Mul, opsets 1-14).
struct Mul: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    static let arithmetic = Elementwise.Arithmetic(float: { $0 * $1 }, double: { $0 * $1 },
                                                   int64: { $0 &* $1 }, int32: { $0 &* $1 })
    /// Every integer width wraps, as numpy does.
    struct I: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T { a &* b }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = try node.required(inputs, 0), b = try node.required(inputs, 1)
        if let r = try Elementwise.integer(a, b, I()) { return [r] }
        return [try Elementwise.binary(a, b, Self.arithmetic, name: "Mul")]
    }
}

extension Mul: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
