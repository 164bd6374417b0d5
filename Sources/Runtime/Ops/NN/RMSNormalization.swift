import OnnxFormat

/// RMSNormalization: Y = X / sqrt(mean(X^2 over axes axis...) + epsilon) * Scale, with Scale
/// broadcast to X.shape[axis...] (ai.onnx RMSNormalization, opset 23+). Attributes axis
/// (default -1), epsilon (default 1e-5), stash_type (default 1; we accumulate in float64).
/// Types: float, double, float16, bfloat16.
struct RMSNormalization: Operator {
    let node: NodeInfo
    let axis: Int
    let epsilon: Double

    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: -1)
        epsilon = Double(try node.float("epsilon", default: 1e-5))
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), s = try node.required(inputs, 1)
        let r = x.rank
        let a = try Index.axis(axis, rank: r, node)
        let normShape = Array(x.shape[a...])
        let inner = Tensor.elementCount(normShape), outer = Tensor.elementCount(Array(x.shape[..<a]))
        let xs = try node.elements(x, Double.self, "X")
        var scale = try node.elements(s, Double.self, "scale")
        if s.shape != normShape {
            guard s.rank <= normShape.count, (try? Broadcast.shape(normShape, s.shape)) == normShape else {
                throw RuntimeError.node(node, "scale shape \(s.shape) does not broadcast to \(normShape)")
            }
            let v = scale
            scale = Broadcast.indexMap(from: s.shape, to: normShape).map { v[$0] }
        }
        var y = [Double](repeating: 0, count: xs.count)
        for o in 0..<outer {
            let base = o * inner
            var ss = 0.0
            for i in 0..<inner { ss += xs[base + i] * xs[base + i] }
            let inv = 1 / (ss / Double(inner) + epsilon).squareRoot()
            for i in 0..<inner { y[base + i] = xs[base + i] * inv * scale[i] }
        }
        return [Double.tensor(y, shape: x.shape, as: x.dataType)]
    }
}

extension RMSNormalization: PreservesInputType {}
