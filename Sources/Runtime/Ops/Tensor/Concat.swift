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
