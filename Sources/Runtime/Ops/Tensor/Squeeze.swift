import OnnxFormat

/// Squeeze: removes size-1 dimensions (ai.onnx Squeeze, opsets 1-21): those at `axes`
/// (an attribute before opset 13, optional input 1 from 13), or every size-1 dimension
/// when no axes are given. A listed axis whose size is not 1 is an error. Any type.
struct Squeeze: Operator {
    let node: NodeInfo
    let attrAxes: [Int]?
    init(_ node: NodeInfo) throws {
        self.node = node
        attrAxes = node.opset < 13 ? try node.ints("axes") : nil
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let given = try attrAxes ?? node.optional(inputs, 1).map { try Index.ints($0, node, "axes") }
        let axes: Set<Int>
        if let given {
            axes = Set(try Index.axes(given, rank: x.rank, node))
            for a in axes where x.shape[a] != 1 {
                throw RuntimeError.node(node, "cannot squeeze axis \(a) of size \(x.shape[a]) (shape \(x.shape))")
            }
        } else {
            axes = Set(x.shape.indices.filter { x.shape[$0] == 1 })
        }
        return [try x.reshaped(x.shape.indices.filter { !axes.contains($0) }.map { x.shape[$0] })]
    }
}

extension Squeeze: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [ValueType(x?.dataType, nil)] }
        var given = attrAxes
        if given == nil, node.hasInput(1) {
            guard let a = try ShapeInference.ints(constants, 1, node, "axes") else { return [ValueType(x?.dataType, nil)] }
            given = a
        }
        let axes: Set<Int>
        if let given {
            axes = Set(try Index.axes(given, rank: s.count, node))
            for a in axes.sorted() {
                if let v = s[a].value, v != 1 {
                    throw RuntimeError.node(node, "cannot squeeze axis \(a) of size \(v) (shape \(ShapeInference.describe(s)))")
                }
            }
        } else {
            // Every size-1 axis goes: a symbolic size might be 1, so the rank is unknown.
            guard s.allSatisfy({ $0.value != nil }) else { return [ValueType(x?.dataType, nil)] }
            axes = Set(s.indices.filter { s[$0] == .fixed(1) })
        }
        return [ValueType(x?.dataType, s.indices.filter { !axes.contains($0) }.map { s[$0] })]
    }
}
