import OnnxFormat

/// GroupNormalization: the channels of X [N, C, ...] split into num_groups groups, each
/// (n, group) normalised over its channels and positions, then scaled and shifted
/// (ai.onnx GroupNormalization, opsets 18-21). Attributes epsilon (default 1e-5),
/// num_groups (required), stash_type (opset 21; statistics accumulate in Double here).
/// Opset 18 gives scale and bias one value per group, opset 21 one per channel; a
/// per-channel [C] scale is accepted in opset 18 too (exporters emit it).
/// Types: float, double, float16, bfloat16.
struct GroupNormalization: Operator {
    let node: NodeInfo
    let epsilon: Double
    let groups: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        epsilon = Double(try node.float("epsilon", default: 1e-5))
        guard let g = try node.int("num_groups") else { throw RuntimeError.node(node, "attribute 'num_groups' is required") }
        guard g >= 1 else { throw RuntimeError.node(node, "attribute 'num_groups' = \(g) must be positive") }
        groups = g
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        switch x.dataType {
        case .float, .float16, .bfloat16: return [try compute(Float.self, x, inputs)]
        case .double: return [try compute(Double.self, x, inputs)]
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
    }

    func compute<T: NNScalar>(_: T.Type, _ x: Tensor, _ inputs: [Tensor?]) throws -> Tensor {
        guard x.rank >= 2 else { throw RuntimeError.node(node, "X must have shape [N, C, ...], got \(x.shape)") }
        let n = x.shape[0], c = x.shape[1], inner = Tensor.elementCount(Array(x.shape[2...]))
        guard c % groups == 0 else { throw RuntimeError.node(node, "num_groups \(groups) does not divide \(c) channels") }
        let scale = try node.elements(node.required(inputs, 1), T.self, "scale")
        let bias = try node.elements(node.required(inputs, 2), T.self, "bias")
        let perChannel = scale.count == c && bias.count == c
        guard perChannel || (node.opset < 21 && scale.count == groups && bias.count == groups) else {
            throw RuntimeError.node(node, "scale and bias have \(scale.count) and \(bias.count) elements, expected \(node.opset < 21 ? "\(groups) or " : "")\(c)")
        }
        let cpg = c / groups, size = cpg * inner
        let xs = try node.elements(x, T.self, "X")
        var y = [T](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
            for b in 0..<n {
                for g in 0..<groups {
                    let base = (b * groups + g) * size
                    normalizePlane(px, py, base: base, count: size, epsilon: epsilon, scale: 1, shift: 0)
                    for ci in 0..<cpg {
                        let ch = g * cpg + ci
                        let s = perChannel ? scale[ch] : scale[g], t = perChannel ? bias[ch] : bias[g]
                        let start = base + ci * inner
                        for i in 0..<inner { py[start + i] = py[start + i] * s + t }
                    }
                }
            }
        } }
        return T.tensor(y, shape: x.shape, as: x.dataType)
    }
}

extension GroupNormalization: PreservesInputType {}
