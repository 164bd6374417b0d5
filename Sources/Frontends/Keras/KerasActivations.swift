import Foundation
import OnnxFormat

/// Keras' built-in activation functions as ONNX nodes. Each keeps the input's layout.
enum KerasActivations {
    /// The activation names the converter knows (Keras 3 and tf.keras 2.x spellings).
    static let supported: Set<String> = [
        "linear", "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "swish", "silu", "gelu", "elu",
        "selu", "softplus", "softsign", "hard_sigmoid", "hard_swish", "hard_silu", "leaky_relu", "exponential",
        "mish", "celu", "hard_tanh", "tanh_shrink", "log_sigmoid", "hard_shrink", "soft_shrink",
    ]

    static func isSupported(_ name: String) -> Bool { supported.contains(name) }

    /// Applies activation `fn` to `v`; `name` prefixes the node names.
    static func apply(_ fn: String, _ v: KValue, _ g: KerasGraphBuilder, name: String) throws -> KValue {
        typealias B = KerasGraphBuilder
        var out = v
        func one(_ op: String, _ attrs: [Onnx_AttributeProto] = []) -> String {
            g.node1(op, [v.name], attrs, name: "\(name)/\(op)")
        }
        switch fn {
        case "linear": return v
        case "relu": out.name = one("Relu")
        case "relu6": out.name = g.clip(v.name, min: 0, max: 6, name: "\(name)/relu6")
        case "sigmoid": out.name = one("Sigmoid")
        case "tanh": out.name = one("Tanh")
        case "softmax": out.name = one("Softmax", [B.attr("axis", int: v.onnxAxis(-1))])
        case "log_softmax": out.name = one("LogSoftmax", [B.attr("axis", int: v.onnxAxis(-1))])
        case "swish", "silu":
            let s = one("Sigmoid")
            out.name = g.node1("Mul", [v.name, s], name: "\(name)/swish")
        case "gelu":
            if g.opset >= 20 {
                out.name = one("Gelu")
            } else {
                // x * 0.5 * (1 + erf(x / sqrt(2)))
                let d = g.node1("Mul", [v.name, g.scalar(Float(1 / 2.0.squareRoot()), name: "inv_sqrt2")], name: "\(name)/gelu_scale")
                let e = g.node1("Erf", [d], name: "\(name)/gelu_erf")
                let a = g.node1("Add", [e, g.scalar(1, name: "one")], name: "\(name)/gelu_add")
                let m = g.node1("Mul", [v.name, a], name: "\(name)/gelu_mul")
                out.name = g.node1("Mul", [m, g.scalar(0.5, name: "half")], name: "\(name)/gelu")
            }
        case "elu": out.name = one("Elu", [B.attr("alpha", float: 1)])
        case "selu": out.name = one("Selu")
        case "softplus": out.name = one("Softplus")
        case "softsign": out.name = one("Softsign")
        case "hard_sigmoid":
            // Keras 3: relu6(x + 3) / 6; tf.keras 2.x: clip(0.2 x + 0.5, 0, 1).
            let alpha = g.isKeras2 ? 0.2 : 1.0 / 6.0
            out.name = one("HardSigmoid", [B.attr("alpha", float: alpha), B.attr("beta", float: 0.5)])
        case "hard_swish", "hard_silu":
            if g.opset >= 14 {
                out.name = one("HardSwish")
            } else {
                let h = one("HardSigmoid", [B.attr("alpha", float: 1.0 / 6.0), B.attr("beta", float: 0.5)])
                out.name = g.node1("Mul", [v.name, h], name: "\(name)/hard_swish")
            }
        case "leaky_relu": out.name = one("LeakyRelu", [B.attr("alpha", float: 0.2)])
        case "exponential": out.name = one("Exp")
        case "mish":
            if g.opset >= 18 {
                out.name = one("Mish")
            } else {
                let sp = one("Softplus")
                let t = g.node1("Tanh", [sp], name: "\(name)/mish_tanh")
                out.name = g.node1("Mul", [v.name, t], name: "\(name)/mish")
            }
        case "celu": out.name = one("Celu", [B.attr("alpha", float: 1)])
        case "hard_tanh": out.name = g.clip(v.name, min: -1, max: 1, name: "\(name)/hard_tanh")
        case "tanh_shrink":
            let t = one("Tanh")
            out.name = g.node1("Sub", [v.name, t], name: "\(name)/tanh_shrink")
        case "log_sigmoid":
            let n = one("Neg")
            let sp = g.node1("Softplus", [n], name: "\(name)/Softplus")
            out.name = g.node1("Neg", [sp], name: "\(name)/log_sigmoid")
        case "hard_shrink": out.name = one("Shrink", [B.attr("lambd", float: 0.5), B.attr("bias", float: 0)])
        case "soft_shrink": out.name = one("Shrink", [B.attr("lambd", float: 0.5), B.attr("bias", float: 0.5)])
        default:
            throw KerasError("activation '\(fn)' is not supported")
        }
        return out
    }
}
