import Foundation
import OnnxFormat

/// Adam: one step of Adam for tensors X1..Xn with gradients G1..Gn, momentums V1..Vn and
/// second-order momentums H1..Hn (ai.onnx.preview.training Adam, opset 1). Inputs R, T,
/// X..., G..., V..., H...; outputs X_new..., V_new..., H_new.... With g = norm_coefficient *
/// X + G: V_new = alpha * V + (1 - alpha) * g, H_new = beta * H + (1 - beta) * g²; the rate
/// is R * sqrt(1 - beta^T) / (1 - alpha^T) when T > 0 (bias correction), else R;
/// X_new = (1 - norm_coefficient_post) * (X - rate * V_new / (sqrt(H_new) + epsilon)).
/// Attributes alpha (0.9), beta (0.999), epsilon (1e-6), norm_coefficient (0),
/// norm_coefficient_post (0). Float or double.
struct Adam: Operator {
    let node: NodeInfo
    let alpha: Double, beta: Double, epsilon: Double, normCoefficient: Double, normCoefficientPost: Double
    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = Double(try node.float("alpha", default: 0.9))
        beta = Double(try node.float("beta", default: 0.999))
        epsilon = Double(try node.float("epsilon", default: 1e-6))
        normCoefficient = Double(try node.float("norm_coefficient", default: 0))
        normCoefficientPost = Double(try node.float("norm_coefficient_post", default: 0))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let (a, b, eps, norm, post) = (alpha, beta, epsilon, normCoefficient, normCoefficientPost)
        return try OptimizerSupport.run(node, inputs, inputGroups: 4, outputSources: [0, 2, 3]) { r, t, v in
            let (x, g, m, h) = (v[0], v[1], v[2], v[3])
            let gr = norm * x + g
            let mNew = a * m + (1 - a) * gr
            let hNew = b * h + (1 - b) * gr * gr
            let rate = t > 0 ? r * (1 - Foundation.pow(b, Double(t))).squareRoot() / (1 - Foundation.pow(a, Double(t))) : r
            let xNew = x - rate * (mNew / (hNew.squareRoot() + eps))
            return [(1 - post) * xNew, mNew, hNew]
        }
    }
}

extension Adam: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        OptimizerSupport.inferTypes(node, inputs, inputGroups: 4, outputSources: [0, 2, 3])
    }
}
