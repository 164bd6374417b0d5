import OnnxFormat

/// BitShift: elementwise shift of integers with broadcasting (ai.onnx BitShift, opsets 11
/// and 28; 11 has unsigned types only, 28 adds the signed ones). `direction` is "LEFT" or
/// "RIGHT". A signed right shift is arithmetic; a signed left shift drops the bits past the
/// sign bit. A shift that is negative or at least the bit width gives 0 (-1 for a right
/// shift of a negative value).
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
            if b < 0 || b >= T.bitWidth { return !left && a < 0 ? ~0 : 0 }
            return left ? a << b : a >> b
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), y = try node.required(inputs, 1)
        switch x.dataType {
        case .uint8, .uint16, .uint32, .uint64, .int8, .int16, .int32, .int64: break
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported (integers only)")
        }
        guard let r = try Elementwise.integer(x, y, Shift(left: left)) else {
            throw RuntimeError.node(node, "input types differ (\(x.dataType) and \(y.dataType))")
        }
        return [r]
    }
}

extension BitShift: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
