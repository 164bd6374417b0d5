import OnnxFormat

/// BitShift: elementwise shift of unsigned integers with broadcasting (ai.onnx BitShift,
/// opset 11). `direction` is "LEFT" or "RIGHT"; shifting by the bit width or more gives 0.
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
            left ? a << b : a >> b   // Swift's smart shifts give 0 past the width.
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), y = try node.required(inputs, 1)
        switch x.dataType {
        case .uint8, .uint16, .uint32, .uint64: break
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported (unsigned integers only)")
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
