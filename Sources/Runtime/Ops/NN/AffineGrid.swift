import OnnxFormat

/// AffineGrid: the sampling grid of an affine transform (ai.onnx AffineGrid, opset 20+), as
/// GridSample reads it. theta (N, 2, 3) with size (N, C, H, W) gives (N, H, W, 2); theta
/// (N, 3, 4) with size (N, C, D, H, W) gives (N, D, H, W, 3). Each output point is theta
/// applied to the homogeneous normalized coordinates (x, y[, z], 1) of its pixel: with
/// `align_corners` (default 0) the pixel centres −1 + 2i/(n − 1), else −1 + (2i + 1)/n.
/// Computes in float64.
struct AffineGrid: Operator {
    let node: NodeInfo
    let alignCorners: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        alignCorners = try node.int("align_corners", default: 0) != 0
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let theta = try node.required(inputs, 0)
        let size = try Index.ints(node.required(inputs, 1), node, "size")
        guard size.count == 4 || size.count == 5 else { throw RuntimeError.node(node, "size must have 4 or 5 entries, got \(size)") }
        let dims = size.count - 2
        let n = size[0], spatial = Array(size[2...])
        guard theta.shape == [n, dims, dims + 1] else {
            throw RuntimeError.node(node, "theta must be (\(n), \(dims), \(dims + 1)), got \(theta.shape)")
        }
        guard spatial.allSatisfy({ $0 >= 1 && $0 < 1 << 24 }), n >= 0 else {
            throw RuntimeError.node(node, "size \(size) must be positive")
        }
        let th = try node.elements(theta, Double.self, "theta")
        func coords(_ m: Int) -> [Double] {
            (0..<m).map { i in
                if alignCorners { return m == 1 ? -1 : -1 + Double(i) * (2 / Double(m - 1)) }
                let step = 2 / Double(m)
                return -1 + step / 2 + Double(i) * step
            }
        }
        // Spatial dims are (H, W) or (D, H, W); the point is (x, y[, z]): x runs along the last.
        let axes = spatial.reversed().map(coords)
        let points = Tensor.elementCount(spatial)
        let sStrides = Tensor.strides(spatial)
        var out = [Double](repeating: 0, count: n * points * dims)
        for b in 0..<n {
            let t = b * dims * (dims + 1)
            for p in 0..<points {
                var h = [Double](repeating: 1, count: dims + 1)
                for j in 0..<dims {
                    let d = dims - 1 - j
                    h[j] = axes[j][(p / sStrides[d]) % spatial[d]]
                }
                for r in 0..<dims {
                    var acc = 0.0
                    for c in 0...dims { acc += th[t + r * (dims + 1) + c] * h[c] }
                    out[(b * points + p) * dims + r] = acc
                }
            }
        }
        return [Double.tensor(out, shape: [n] + spatial + [dims], as: theta.dataType)]
    }
}

extension AffineGrid: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType, nil)]
    }
}
