import OnnxFormat

/// Flatten: reshapes to 2-D [prod(shape[:axis]), prod(shape[axis:])] (ai.onnx Flatten,
/// opsets 1-21); `axis` default 1, in [-rank, rank] (negative from opset 11). Any type.
struct Flatten: Operator {
    let node: NodeInfo
    let axis: Int
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: 1)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let ax = axis < 0 ? axis + x.rank : axis
        guard ax >= 0, ax <= x.rank else { throw RuntimeError.node(node, "axis \(axis) is out of range for rank \(x.rank)") }
        return [try x.reshaped([x.shape[..<ax].reduce(1, *), x.shape[ax...].reduce(1, *)])]
    }
}

extension Flatten: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [ValueType(x?.dataType, [.unknown, .unknown])] }
        let ax = axis < 0 ? axis + s.count : axis
        guard ax >= 0, ax <= s.count else { throw RuntimeError.node(node, "axis \(axis) is out of range for rank \(s.count)") }
        return [ValueType(x?.dataType, [.product(s[..<ax]), .product(s[ax...])])]
    }
}
