import CKernels
import OnnxFormat

/// Mul: elementwise product with broadcasting (ai.onnx Mul, opsets 1-14).
/// float, double, float16, bfloat16 and every integer type from int8 to uint64.
struct Mul: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    /// Integers wrap around on overflow, as numpy does.
    struct Wrapping: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) -> T { a &* b }
    }
    static let arithmetic = Elementwise.Arithmetic(float: { $0 * $1 }, double: { $0 * $1 },
                                                   integer: Wrapping(), fastFloat: Int32(PK_MUL))
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Elementwise.binary(node.required(inputs, 0), node.required(inputs, 1), Self.arithmetic, name: "Mul")]
    }
}

extension Mul: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
