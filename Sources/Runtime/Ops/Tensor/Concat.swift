import OnnxFormat

/// Concat: joins the inputs along `axis` (ai.onnx Concat, opsets 1-13; negative axis from
/// 11). Every input has the same element type and rank and equal dimensions except along
/// `axis`. Any element type.
struct Concat: Operator {
    let node: NodeInfo
    let axis: Int
    init(_ node: NodeInfo) throws {
        self.node = node
        guard let a = try node.int("axis") else {
            if node.opset < 4 { axis = 1; return }
            throw RuntimeError.node(node, "attribute 'axis' is required")
        }
        axis = a
    }

    struct Join: StorageCombine {
        let outer: Int
        let blocks: [Int]   // elements per outer index, per input
        func callAsFunction<T>(_ arrays: [[T]]) throws -> [T] {
            var out = [T]()
            out.reserveCapacity(outer * blocks.reduce(0, +))
            for o in 0..<outer {
                for (a, b) in zip(arrays, blocks) where b > 0 {
                    out.append(contentsOf: a[(o * b)..<((o + 1) * b)])
                }
            }
            return out
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let xs = inputs.compactMap { $0 }
        guard let first = xs.first else { throw RuntimeError.node(node, "needs at least one input") }
        let r = first.rank
        let ax = try Index.axis(axis, rank: r, node)
        var outShape = first.shape
        outShape[ax] = 0
        for x in xs {
            guard x.dataType == first.dataType else {
                throw RuntimeError.node(node, "input types differ (\(first.dataType) and \(x.dataType))")
            }
            guard x.rank == r, (0..<r).allSatisfy({ $0 == ax || x.shape[$0] == first.shape[$0] }) else {
                throw RuntimeError.node(node, "input shapes \(xs.map(\.shape)) differ outside axis \(ax)")
            }
            outShape[ax] += x.shape[ax]
        }
        if xs.count == 1 { return [first] }
        let outer = first.shape[..<ax].reduce(1, *)
        let inner = first.shape[(ax + 1)...].reduce(1, *)
        let join = Join(outer: outer, blocks: xs.map { $0.shape[ax] * inner })
        return [first.with(shape: outShape, storage: try TensorStorage.combine(xs.map(\.storage), join))]
    }
}

extension Concat: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        var type: DataType?
        for t in inputs {
            if let a = type, let b = t?.dataType, a != b { throw RuntimeError.node(node, "input types differ (\(a) and \(b))") }
            type = type ?? t?.dataType
        }
        let shapes = inputs.map { $0?.shape }
        func all() -> String { shapes.map { $0.map(ShapeInference.describe) ?? "[?]" }.joined(separator: ", ") }
        guard let r = shapes.compactMap({ $0 }).first?.count else { return [ValueType(type, nil)] }
        let ax = try Index.axis(axis, rank: r, node)
        var out = [ValueType.Dim](repeating: .unknown, count: r)
        var total: Int? = 0
        for s in shapes {
            guard let s else { total = nil; continue }
            guard s.count == r else { throw RuntimeError.node(node, "input shapes \(all()) differ in rank") }
            for d in 0..<r where d != ax {
                guard let m = out[d].merged(with: s[d]) else {
                    throw RuntimeError.node(node, "input shapes \(all()) differ outside axis \(ax)")
                }
                out[d] = m
            }
            if let t = total, let v = s[ax].value { total = t &+ v } else { total = nil }
        }
        out[ax] = total.map { .fixed($0) } ?? (shapes.count == 1 ? shapes[0]?[ax] ?? .unknown : .unknown)
        return [ValueType(type, out)]
    }
}
