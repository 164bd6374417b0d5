import OnnxFormat

/// Momentum: one step of stochastic gradient descent with momentum for tensors X1..Xn
/// with gradients G1..Gn and momentums V1..Vn (ai.onnx.preview.training Momentum,
/// opset 1). Inputs R, T, X..., G..., V...; outputs X_new..., V_new.... With g =
/// norm_coefficient * X + G and b = beta, or 1 at the first step (T = 0):
/// V_new = alpha * V + b * g; `mode` "standard" gives X_new = X - R * V_new, "nesterov"
/// X_new = X - R * (g + alpha * V_new). Attributes alpha, beta, mode and norm_coefficient
/// are required. Float or double.
struct Momentum: Operator {
    let node: NodeInfo
    let alpha: Double, beta: Double, normCoefficient: Double
    let nesterov: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        for name in ["alpha", "beta", "mode", "norm_coefficient"] where node.attributes[name] == nil {
            throw RuntimeError.node(node, "missing required attribute '\(name)'")
        }
        alpha = Double(try node.float("alpha", default: 0))
        beta = Double(try node.float("beta", default: 0))
        normCoefficient = Double(try node.float("norm_coefficient", default: 0))
        let mode = try node.string("mode", default: "")
        guard mode == "standard" || mode == "nesterov" else {
            throw RuntimeError.node(node, "attribute 'mode' must be standard or nesterov, got '\(mode)'")
        }
        nesterov = mode == "nesterov"
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let (a, b, norm, nesterov) = (alpha, beta, normCoefficient, nesterov)
        return try OptimizerSupport.run(node, inputs, inputGroups: 3, outputSources: [0, 2]) { r, t, v in
            let (x, g, m) = (v[0], v[1], v[2])
            let gr = norm * x + g
            let mNew = a * m + (t > 0 ? b : 1) * gr
            return [nesterov ? x - r * (gr + a * mNew) : x - r * mNew, mNew]
        }
    }
}

extension Momentum: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        OptimizerSupport.inferTypes(node, inputs, inputGroups: 3, outputSources: [0, 2])
    }
}
