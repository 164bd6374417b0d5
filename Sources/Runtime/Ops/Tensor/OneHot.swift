import OnnxFormat

/// OneHot: output[..., k, ...] = values[1] where k == indices[...] (negative indices count
/// from depth; out-of-range ones match nothing), else values[0] (ai.onnx OneHot, opsets
/// 9-11). The depth axis is inserted at `axis` (default -1). Output type: values'.
struct OneHot: Operator {
    let node: NodeInfo
    let axis: Int
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: -1)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let ind = try node.required(inputs, 0), dt = try node.required(inputs, 1), values = try node.required(inputs, 2)
        guard let idx = ind.asDoubles(), let dv = dt.asDoubles(), dv.count == 1, let d0 = dv.first, d0.isFinite, d0 >= 1, d0 < 1e9 else {
            throw RuntimeError.node(node, "indices must be numeric and depth a positive scalar")
        }
        guard values.count == 2 else { throw RuntimeError.node(node, "values must hold [off, on]") }
        let depth = Int(d0)
        let r = ind.rank + 1
        let a = try Index.axis(axis, rank: r, node)
        let outer = Tensor.elementCount(Array(ind.shape[..<a])), inner = Tensor.elementCount(Array(ind.shape[a...]))
        var pick = [Int](repeating: 0, count: outer * depth * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var k = Int(idx[o * inner + i].rounded(.towardZero))
                if k < 0 { k += depth }
                if k >= 0 && k < depth { pick[(o * depth + k) * inner + i] = 1 }
            }
        }
        var shape = ind.shape
        shape.insert(depth, at: a)
        return [try values.gathered(pick, shape: shape)]
    }
}

extension OneHot: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let t = inputs.at(2)?.dataType
        guard var s = inputs.at(0)?.shape else { return [ValueType(t, nil)] }
        let r = s.count + 1
        let a = axis < 0 ? axis + r : axis
        guard a >= 0, a < r else { throw RuntimeError.node(node, "axis \(axis) is out of range for rank \(r)") }
        var depth: ValueType.Dim = .unknown
        if let c: Tensor = constants.at(1), let v = c.asDoubles(), v.count == 1, let d = v.first, d >= 1, d < 1e9 { depth = .fixed(Int(d)) }
        s.insert(depth, at: a)
        return [ValueType(t, s)]
    }
}
