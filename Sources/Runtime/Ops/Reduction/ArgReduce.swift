import OnnxFormat

/// Shared kernel of ArgMax and ArgMin: the int64 index of the extreme element along
/// `axis` (default 0), `keepdims` default 1, `select_last_index` (opset 12) picks the last
/// of equal extremes. NaN counts as the extreme, as in numpy.
struct ArgReduce: Sendable {
    let node: NodeInfo
    let axis: Int, keepDims: Bool, selectLast: Bool, max: Bool
    init(_ node: NodeInfo, max: Bool) throws {
        self.node = node
        self.max = max
        axis = try node.int("axis", default: 0)
        keepDims = try node.int("keepdims", default: 1) != 0
        selectLast = try node.int("select_last_index", default: 0) != 0
    }
    func run(_ inputs: [Tensor?]) throws -> Tensor {
        let x = try node.required(inputs, 0)
        let ax = try Index.axis(axis, rank: x.rank, node)
        guard let v = x.asDoubles() else { throw RuntimeError.node(node, "element type \(x.dataType) is not supported") }
        let n = x.shape[ax]
        guard n > 0 else { throw RuntimeError.node(node, "cannot take \(node.opType) over an empty axis") }
        let outer = x.shape[..<ax].reduce(1, *), inner = x.shape[(ax + 1)...].reduce(1, *)
        var out = [Int64](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                var best = v[base], arg = 0
                if !best.isNaN {
                    for k in 1..<n {
                        let c = v[base + k * inner]
                        if c.isNaN { arg = k; break }
                        if max ? (c > best || selectLast && c == best) : (c < best || selectLast && c == best) {
                            best = c; arg = k
                        }
                    }
                }
                out[o * inner + i] = Int64(arg)
            }
        }
        var shape = x.shape
        if keepDims { shape[ax] = 1 } else { shape.remove(at: ax) }
        return Tensor(shape: shape, int64s: out)
    }
}

extension ArgReduce {
    /// int64 indices: the input's shape with `axis` set to 1 (keepdims) or removed.
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        guard var shape = inputs.at(0)?.shape else { return [ValueType(.int64, nil)] }
        let ax = try Index.axis(axis, rank: shape.count, node)
        if keepDims { shape[ax] = .fixed(1) } else { shape.remove(at: ax) }
        return [ValueType(.int64, shape)]
    }
}
