import Foundation
import OnnxFormat

/// Adagrad: one step of ADAGRAD for tensors X1..Xn with gradients G1..Gn and accumulated
/// squared gradients H1..Hn (ai.onnx.preview.training Adagrad, opset 1). Inputs R, T, X...,
/// G..., H...; outputs X_new..., H_new.... With r = R / (1 + T * decay_factor) and
/// g = norm_coefficient * X + G: H_new = H + g², X_new = X - r * g / (sqrt(H_new) + epsilon).
/// Attributes decay_factor (0), epsilon (1e-6), norm_coefficient (0). Float or double.
struct Adagrad: Operator {
    let node: NodeInfo
    let decayFactor: Double, epsilon: Double, normCoefficient: Double
    init(_ node: NodeInfo) throws {
        self.node = node
        decayFactor = Double(try node.float("decay_factor", default: 0))
        epsilon = Double(try node.float("epsilon", default: 1e-6))
        normCoefficient = Double(try node.float("norm_coefficient", default: 0))
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let (decay, eps, norm) = (decayFactor, epsilon, normCoefficient)
        return try OptimizerSupport.run(node, inputs, inputGroups: 3, outputSources: [0, 2]) { r, t, v in
            let (x, g, h) = (v[0], v[1], v[2])
            let rate = r / (1 + Double(t) * decay)
            let gr = norm * x + g
            let hNew = h + gr * gr
            return [x - rate * gr / (hNew.squareRoot() + eps), hNew]
        }
    }
}

extension Adagrad: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        OptimizerSupport.inferTypes(node, inputs, inputGroups: 3, outputSources: [0, 2])
    }
}
