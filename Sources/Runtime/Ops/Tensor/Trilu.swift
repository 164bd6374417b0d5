import OnnxFormat

/// Trilu: keeps the upper (`upper` = 1, default) or lower triangle of the last two axes,
/// shifted by the optional scalar input `k`, and zeroes the rest (ai.onnx Trilu, opset
/// 14). Any element type.
struct Trilu: Operator {
    let node: NodeInfo
    let upper: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        upper = try node.int("upper", default: 1) != 0
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard x.rank >= 2 else { throw RuntimeError.node(node, "input must have rank >= 2, got \(x.shape)") }
        var k = 0
        if let kt = node.optional(inputs, 1) {
            let v = try Index.ints(kt, node, "k")
            guard v.count == 1, let k0 = v.first else { throw RuntimeError.node(node, "k must be a scalar") }
            k = k0
        }
        let rows = x.shape[x.rank - 2], cols = x.shape[x.rank - 1]
        let mats = x.count / max(rows * cols, 1)
        var map = [Int]()
        map.reserveCapacity(x.count)
        for m in 0..<(rows * cols == 0 ? 0 : mats) {
            for i in 0..<rows {
                for j in 0..<cols {
                    let keep = upper ? j - i >= k : j - i <= k
                    map.append(keep ? (m * rows + i) * cols + j : -1)
                }
            }
        }
        return [try x.gathered(map, shape: x.shape, fill: Tensor.zeros(x.dataType, shape: [1]))]
    }
}

extension Trilu: PreservesInputType {}
