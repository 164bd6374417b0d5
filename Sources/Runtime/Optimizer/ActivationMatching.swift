import OnnxFormat

/// Which nodes the fusion passes can absorb as an epilogue (`FusedActivation`).
enum ActivationMatching {
    /// The activation `n` computes on its single input, with its parameters, or nil when
    /// it is not one (or its parameters are not constant: a Clip with a computed bound).
    static func activation(_ n: Onnx_NodeProto, _ g: OptimizerGraph, _ facts: GraphFacts) -> FusedActivation? {
        guard n.domain.isEmpty || n.domain == "ai.onnx", n.output.count == 1, let x = n.input.first, !x.isEmpty else { return nil }
        switch n.opType {
        case "Relu" where n.input.count == 1: return .relu
        case "HardSwish" where n.input.count == 1 && g.runtimeOnlyActivations: return .hardSwish
        case "Sigmoid" where n.input.count == 1: return .sigmoid
        case "Tanh" where n.input.count == 1: return .tanh
        case "LeakyRelu" where n.input.count == 1: return .leakyRelu(alpha: n.floatAttribute("alpha", default: 0.01))
        case "HardSigmoid" where n.input.count == 1:
            return .hardSigmoid(alpha: n.floatAttribute("alpha", default: 0.2), beta: n.floatAttribute("beta", default: 0.5))
        case "Clip":
            if (g.opsets[""] ?? 1) < 11 {
                return .clip(min: n.floatAttribute("min", default: -Float.greatestFiniteMagnitude),
                             max: n.floatAttribute("max", default: Float.greatestFiniteMagnitude))
            }
            // Bounds are optional scalar inputs; present ones must be constant floats.
            var bounds: [Float] = [-.infinity, .infinity]
            for k in 1...2 where k < n.input.count && !n.input[k].isEmpty {
                guard let t = facts.constant(n.input[k], g), t.dataType == .float, t.count == 1,
                      let v = t.floats?.first else { return nil }
                bounds[k - 1] = v
            }
            return .clip(min: bounds[0], max: bounds[1])
        default:
            return nil
        }
    }

    /// SiLU written as x * Sigmoid(x) on the value `v`: the Sigmoid reading `v` and the Mul
    /// reading both `v` and the Sigmoid's output, with `v` read by exactly these two nodes
    /// and the Sigmoid's output by the Mul only. Returns (sigmoid index, mul index).
    static func silu(of v: String, _ g: OptimizerGraph, _ uses: [String: [Int]]) -> (Int, Int)? {
        guard g.runtimeOnlyActivations, !g.isPinned(v), let readers = uses[v], readers.count == 2 else { return nil }
        for (si, mi) in [(readers[0], readers[1]), (readers[1], readers[0])] {
            let s = g.nodes[si], m = g.nodes[mi]
            guard s.isOnnx("Sigmoid"), s.input == [v], s.output.count == 1, let so = s.output.first,
                  g.soleReader(so, uses) == mi, m.isOnnx("Mul"), m.input.count == 2, m.output.count == 1,
                  Set(m.input) == Set([v, so]) else { continue }
            return (si, mi)
        }
        return nil
    }
}
