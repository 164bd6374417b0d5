import OnnxFormat

/// BitShift: elementwise shift with broadcasting (ai.onnx BitShift, opset 11; the onnx 1.23
/// spec and reference cover every integer type). `direction` is "LEFT" or "RIGHT". A right
/// shift of a signed value is arithmetic (the sign bit fills the vacated bits); a left
/// shift discards the bits shifted out, so the result wraps. A shift amount out of range
/// (negative, or at least the bit width) gives 0, or -1 for a right shift of a negative
/// value.
struct BitShift: Operator {
    let node: NodeInfo
    let left: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        let d = try node.string("direction", default: "")
        guard d == "LEFT" || d == "RIGHT" else {
            throw RuntimeError.node(node, "attribute 'direction' must be LEFT or RIGHT, got '\(d)'")
        }
        left = d == "LEFT"
    }
    struct Shift: IntegerBinaryFunction {
        let left: Bool
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T {
            guard b >= 0, b < T.bitWidth else { return left || a >= 0 ? 0 : ~0 }
            return left ? a &<< b : a &>> b
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), y = try node.required(inputs, 1)
        guard x.dataType == y.dataType else {
            throw RuntimeError.node(node, "input types differ (\(x.dataType) and \(y.dataType))")
        }
        guard let r = try Elementwise.integer(x, y, Shift(left: left)) else {
            throw RuntimeError.node(node, "element type \(x.dataType) is not supported (integers only)")
        }
        return [r]
    }
}

extension BitShift: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
