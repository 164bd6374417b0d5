import OnnxFormat

/// TopK: the k largest (`largest` = 1, default) or smallest elements along `axis`
/// (default -1) and their int64 indices (ai.onnx TopK, opsets 1-11). k is an attribute in
/// opset 1 and a 1-element input from 10. Results are sorted; equal values keep the lower
/// index first. Numeric types; NaN counts as the largest value.
struct TopK: Operator {
    let node: NodeInfo
    let axis: Int, largest: Bool, attrK: Int?
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: -1)
        largest = try node.int("largest", default: 1) != 0
        attrK = node.opset < 10 ? try node.int("k") : nil
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let k: Int
        if let attrK { k = attrK } else {
            let v = try Index.ints(node.required(inputs, 1), node, "K")
            guard v.count == 1, let k0 = v.first else { throw RuntimeError.node(node, "K must have one element") }
            k = k0
        }
        let ax = try Index.axis(axis, rank: x.rank, node)
        let n = x.shape[ax]
        guard k >= 0, k <= n else { throw RuntimeError.node(node, "k = \(k) is out of range for axis size \(n)") }
        guard let v = x.asDoubles(), x.dataType != .bool else { throw RuntimeError.node(node, "element type \(x.dataType) is not supported") }
        let outer = x.shape[..<ax].reduce(1, *), inner = x.shape[(ax + 1)...].reduce(1, *)
        var shape = x.shape
        shape[ax] = k
        var map = [Int](repeating: 0, count: outer * k * inner)
        var idx = [Int64](repeating: 0, count: map.count)
        let big = largest
        func before(_ a: Double, _ ia: Int, _ b: Double, _ ib: Int) -> Bool {
            if a == b || (a.isNaN && b.isNaN) { return ia < ib }
            if a.isNaN { return big }
            if b.isNaN { return !big }
            return big ? a > b : a < b
        }
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                let order = (0..<n).sorted { before(v[base + $0 * inner], $0, v[base + $1 * inner], $1) }
                for j in 0..<k {
                    let at = (o * k + j) * inner + i
                    map[at] = base + order[j] * inner
                    idx[at] = Int64(order[j])
                }
            }
        }
        return [try x.gathered(map, shape: shape), Tensor(shape: shape, int64s: idx)]
    }
}

extension TopK: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard var s = x?.shape else { return [ValueType(x?.dataType, nil), ValueType(.int64, nil)] }
        let ax = try Index.axis(axis, rank: s.count, node)
        var k = attrK
        if k == nil, let v = try ShapeInference.ints(constants, 1, node, "K") {
            guard v.count == 1 else { throw RuntimeError.node(node, "K must have one element") }
            k = v.first
        }
        if let k, k < 0 || s[ax].value.map({ k > $0 }) == true {
            throw RuntimeError.node(node, "k = \(k) is out of range for axis size \(s[ax])")
        }
        s[ax] = k.map { .fixed($0) } ?? .unknown
        return [ValueType(x?.dataType, s), ValueType(.int64, s)]
    }
}
