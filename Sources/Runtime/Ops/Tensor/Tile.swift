import OnnxFormat

/// Tile: repeats the input `repeats[d]` times along each axis d (ai.onnx Tile, opsets
/// 6-13). `repeats` is a 1-D int64 input with one non-negative entry per axis. Any type.
struct Tile: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let repeats = try Index.ints(node.required(inputs, 1), node, "repeats")
        guard repeats.count == x.rank, repeats.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.node(node, "repeats \(repeats) must have \(x.rank) non-negative entries")
        }
        let shape = zip(x.shape, repeats).map { $0 * $1 }
        guard Tensor.elementCount(shape) < Int(Int32.max) else { throw RuntimeError.node(node, "output shape \(shape) is too large") }
        let sources = zip(x.shape, repeats).map { s, r in (0..<(s * r)).map { $0 % s } }
        return [try x.gathered(Index.product(sources, inputShape: x.shape), shape: shape)]
    }
}

extension Tile: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [ValueType(x?.dataType, nil)] }
        guard let repeats = try ShapeInference.ints(constants, 1, node, "repeats") else {
            return [ValueType(x?.dataType, s.map { _ in .unknown })]
        }
        guard repeats.count == s.count, repeats.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.node(node, "repeats \(repeats) must have \(s.count) non-negative entries")
        }
        return [ValueType(x?.dataType, zip(s, repeats).map { $0.multiplied(by: $1) })]
    }
}
