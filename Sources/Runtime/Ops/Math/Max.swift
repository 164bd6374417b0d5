import OnnxFormat

/// Max: elementwise max of any number of inputs with broadcasting (ai.onnx Max, opsets
/// 6-13). Float types propagate NaN like numpy.maximum; integer types from opset 12.
struct Max: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct I: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T { Swift.max(a, b) }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Variadic.fold(node, inputs, float: { $0.isNaN || $0 >= $1 ? $0 : $1 },
                           double: { $0.isNaN || $0 >= $1 ? $0 : $1 }, integer: I())]
    }
}

extension Max: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
