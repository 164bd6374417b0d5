import OnnxFormat

/// Sum: elementwise sum of any number of inputs with broadcasting (ai.onnx Sum, opsets
/// 6-13). Float types; integer types wrap.
struct Sum: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct I: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T { a &+ b }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Variadic.fold(node, inputs, float: { $0 + $1 }, double: { $0 + $1 }, integer: I())]
    }
}

extension Sum: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
