import OnnxFormat

/// Helpers shared by the value-level operators (control flow, sequences, optionals):
/// reading inputs that may be any value, the boolean and integer scalars that drive loops,
/// and slicing and stacking tensors along an axis.
enum FlowSupport {
    /// The value at input `i`, or an error naming the node if it is absent.
    static func required(_ inputs: [Value?], _ i: Int, _ node: NodeInfo) throws -> Value {
        guard i < inputs.count, let v = inputs[i] else { throw RuntimeError.node(node, "missing required input \(i)") }
        return v
    }

    /// The tensor at input `i`, or an error if it is absent or not a tensor.
    static func tensor(_ inputs: [Value?], _ i: Int, _ node: NodeInfo) throws -> Tensor {
        let v = try required(inputs, i, node)
        guard case .tensor(let t) = v else { throw RuntimeError.node(node, "input \(i) is a \(v.kind), expected a tensor") }
        return t
    }

    /// The optional tensor at input `i` (nil when omitted).
    static func optionalTensor(_ inputs: [Value?], _ i: Int, _ node: NodeInfo) throws -> Tensor? {
        guard i < inputs.count, let v = inputs[i] else { return nil }
        guard case .tensor(let t) = v else { throw RuntimeError.node(node, "input \(i) is a \(v.kind), expected a tensor") }
        return t
    }

    /// The sequence at input `i`: its element type and elements.
    static func sequence(_ inputs: [Value?], _ i: Int, _ node: NodeInfo) throws -> (DataType?, [Value]) {
        let v = try required(inputs, i, node)
        guard case .sequence(let type, let items) = v else {
            throw RuntimeError.node(node, "input \(i) is a \(v.kind), expected a sequence")
        }
        return (type, items)
    }

    /// The truth of a one-element tensor (bool, or any number: nonzero is true).
    static func truth(_ t: Tensor, _ node: NodeInfo, _ what: String) throws -> Bool {
        guard t.count == 1 else { throw RuntimeError.node(node, "\(what) must hold one element, got shape \(t.shape)") }
        if case .bool(let b) = t.storage { return b[0] }
        guard let d = t.asDoubles() else { throw RuntimeError.node(node, "\(what) must be bool, got \(t.dataType)") }
        return d[0] != 0
    }

    /// The integer in a one-element int32/int64 tensor.
    static func integer(_ t: Tensor, _ node: NodeInfo, _ what: String) throws -> Int {
        let v = try Index.ints(t, node, what)
        guard v.count == 1 else { throw RuntimeError.node(node, "\(what) must be a scalar, got shape \(t.shape)") }
        return v[0]
    }

    /// A scalar for a subgraph input, shaped as the subgraph declares it ([] or [1]).
    static func scalar(_ t: Tensor, for sig: ValueSignature?) -> Tensor {
        guard let shape = sig?.shape, shape.count == 1, let r = try? t.reshaped([1]) else { return t }
        return r
    }

    /// The slice of `t` at `index` along `axis`, with that axis removed.
    static func slice(_ t: Tensor, axis: Int, index: Int) throws -> Tensor {
        var shape = t.shape, strides = Tensor.strides(t.shape)
        guard axis >= 0, axis < t.rank, index >= 0, index < t.shape[axis] else {
            throw RuntimeError("index \(index) along axis \(axis) is out of range for shape \(t.shape)")
        }
        let offset = index * strides[axis]
        shape.remove(at: axis)
        strides.remove(at: axis)
        let copy = StridedCopy(shape: shape, strides: strides, offset: offset)
        return t.with(shape: shape, storage: try t.storage.map(copy))
    }

    /// Stacks tensors of one type and shape along a new axis `axis` (0...rank).
    static func stack(_ ts: [Tensor], axis: Int, _ node: NodeInfo) throws -> Tensor {
        guard let first = ts.first else { throw RuntimeError.node(node, "nothing to stack") }
        for t in ts where t.dataType != first.dataType || t.shape != first.shape {
            throw RuntimeError.node(node, "cannot stack \(first.dataType)\(first.shape) with \(t.dataType)\(t.shape)")
        }
        guard axis >= 0, axis <= first.rank else {
            throw RuntimeError.node(node, "axis \(axis) is out of range for stacking rank \(first.rank)")
        }
        var shape = first.shape
        shape.insert(ts.count, at: axis)
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[axis...].reduce(1, *)
        let join = Concat.Join(outer: outer, blocks: [Int](repeating: inner, count: ts.count))
        return first.with(shape: shape, storage: try TensorStorage.combine(ts.map(\.storage), join))
    }

    /// An empty stack along axis `axis` when nothing ran: the shape the subgraph declares
    /// for one element when it is fixed, else [0].
    static func emptyStack(_ sig: ValueSignature?, axis: Int) -> Tensor {
        var shape = sig?.type.fixedShape ?? []
        if sig?.type.fixedShape == nil { return Tensor.zeros(sig?.dataType ?? .float, shape: [0]) }
        shape.insert(0, at: min(max(axis, 0), shape.count))
        return Tensor.zeros(sig?.dataType ?? .float, shape: shape)
    }

    /// A position into a sequence of `count` elements, negative counting from the back.
    /// `allowEnd`: `count` itself is valid (SequenceInsert).
    static func position(_ t: Tensor, count: Int, allowEnd: Bool, _ node: NodeInfo) throws -> Int {
        let p = try integer(t, node, "position")
        let r = p < 0 ? p + count : p
        guard r >= 0, r < count || (allowEnd && r == count) else {
            throw RuntimeError.node(node, "position \(p) is out of range for a sequence of \(count)")
        }
        return r
    }
}
