import CKernels
import OnnxFormat

/// Div: elementwise quotient with broadcasting (ai.onnx Div, opsets 1-14). Integer division
/// truncates toward zero, as numpy's reference does for the spec's test cases; division of
/// an integer by zero is an error rather than a trap. float, double, float16, bfloat16 and
/// every integer type from int8 to uint64.
struct Div: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct Quotient: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T {
            guard b != 0 else { throw RuntimeError("integer division by zero") }
            return a.dividedReportingOverflow(by: b).partialValue   // Int.min / -1 wraps
        }
    }
    static let arithmetic = Elementwise.Arithmetic(float: { $0 / $1 }, double: { $0 / $1 }, integer: Quotient(), fastFloat: Int32(PK_DIV))
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.binary(node.required(inputs, 0), node.required(inputs, 1), Self.arithmetic, name: "Div")]
    }
}

extension Div: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
