import OnnxFormat

/// Div: elementwise quotient with broadcasting (ai.onnx Div, opsets 1-14). Integer division
/// truncates toward zero, as numpy's reference does for the spec's test cases; division of
/// an integer by zero is an error rather than a trap.
struct Div: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    static let arithmetic = Elementwise.Arithmetic(
        float: { $0 / $1 }, double: { $0 / $1 },
        int64: { a, b in
            guard b != 0 else { throw RuntimeError("integer division by zero") }
            return a.dividedReportingOverflow(by: b).partialValue
        },
        int32: { a, b in
            guard b != 0 else { throw RuntimeError("integer division by zero") }
            return a.dividedReportingOverflow(by: b).partialValue
        })
    /// Every integer width truncates toward zero; a zero divisor is an error.
    struct I: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T {
            guard b != 0 else { throw RuntimeError("integer division by zero") }
            return a.dividedReportingOverflow(by: b).partialValue
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = try node.required(inputs, 0), b = try node.required(inputs, 1)
        if let r = try Elementwise.integer(a, b, I()) { return [r] }
        return [try Elementwise.binary(a, b, Self.arithmetic, name: "Div")]
    }
}

extension Div: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
