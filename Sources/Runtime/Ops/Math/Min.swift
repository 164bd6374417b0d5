import OnnxFormat

/// Min: elementwise min of any number of inputs with broadcasting (ai.onnx Min, opsets
/// 6-13). Float types propagate NaN like numpy.minimum; integer types from opset 12.
struct Min: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct I: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T { Swift.min(a, b) }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        [try Variadic.fold(node, inputs, float: { $0.isNaN || $0 <= $1 ? $0 : $1 },
                           double: { $0.isNaN || $0 <= $1 ? $0 : $1 }, integer: I())]
    }
}

extension Min: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
