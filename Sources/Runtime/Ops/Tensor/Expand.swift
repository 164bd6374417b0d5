import OnnxFormat

/// Expand: broadcasts the input to the shape broadcast(input.shape, `shape`) (ai.onnx
/// Expand, opsets 8-13). Any type.
struct Expand: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let target = try Index.ints(node.required(inputs, 1), node, "shape")
        guard target.allSatisfy({ $0 >= 0 }) else { throw RuntimeError.node(node, "shape \(target) has a negative dimension") }
        let out = try Broadcast.shape(x.shape, target)
        if out == x.shape { return [x] }
        guard Tensor.elementCount(out) < Int(Int32.max) else { throw RuntimeError.node(node, "output shape \(out) is too large") }
        return [try x.gathered(Broadcast.indexMap(from: x.shape, to: out), shape: out)]
    }
}

extension Expand: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let target = try ShapeInference.ints(constants, 1, node, "shape"), let s = x?.shape else {
            return [ValueType(x?.dataType, nil)]
        }
        guard target.allSatisfy({ $0 >= 0 }) else { throw RuntimeError.node(node, "shape \(target) has a negative dimension") }
        return [ValueType(x?.dataType, try ShapeInference.broadcast(s, target.map { .fixed($0) }))]
    }
}
