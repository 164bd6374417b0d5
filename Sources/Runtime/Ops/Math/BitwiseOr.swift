import OnnxFormat

/// BitwiseOr: elementwise bitwise or of two integer tensors with broadcasting
/// (ai.onnx BitwiseOr, opset 18+). int8-int64, uint8-uint64.
struct BitwiseOr: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct F: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T { a | b }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), y = try node.required(inputs, 1)
        guard let r = try node.wrap({ try Elementwise.integer(x, y, F()) }) else {
            throw RuntimeError.node(node, "inputs must be integers of one type, got \(x.dataType) and \(y.dataType)")
        }
        return [r]
    }
}

extension BitwiseOr: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
