import OnnxFormat

/// Which nodes the fusion passes can absorb as an epilogue (`FusedActivation`).
enum ActivationMatching {
    /// The activation `n` computes on its single input, with its parameters, or nil when
    /// it is not one (or its parameters are not constant: a Clip with a computed bound).
    static func activation(_ n: Onnx_NodeProto, _ g: OptimizerGraph, _ facts: GraphFacts) -> FusedActivation? {
        guard n.domain.isEmpty || n.domain == "ai.onnx", n.output.count == 1, let x = n.input.first, !x.isEmpty else { return nil }
        switch n.opType {
        case "Relu" where n.input.count == 1: return .relu
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
}
