import Foundation
import OnnxFormat

/// Keras' built-in activation functions as ONNX nodes. Each keeps the input's layout.
enum KerasActivations {
    /// The activation names the converter knows (Keras 3 and tf.keras 2.x spellings).
    static let supported: Set<String> = [
        "linear", "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "swish", "silu", "gelu", "elu",
        "selu", "softplus", "softsign", "hard_sigmoid", "hard_swish", "hard_silu", "leaky_relu", "exponential",
        "mish", "celu", "hard_tanh", "tanh_shrink", "log_sigmoid", "hard_shrink", "soft_shrink",
        "glu", "sparsemax", "squareplus", "sparse_plus", "sparse_sigmoid",
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
        case "squareplus":
            // (x + sqrt(x^2 + 4)) / 2
            let sq = g.node1("Mul", [v.name, v.name], name: "\(name)/squareplus_sq")
            let a = g.node1("Add", [sq, g.scalar(4, name: "four")], name: "\(name)/squareplus_add_b")
            let r = g.node1("Sqrt", [a], name: "\(name)/squareplus_sqrt")
            let s = g.node1("Add", [v.name, r], name: "\(name)/squareplus_sum")
            out.name = g.node1("Mul", [s, g.scalar(0.5, name: "half")], name: "\(name)/squareplus")
        case "sparse_sigmoid":
            // 0 below -1, 1 above 1, (x + 1) / 2 between: HardSigmoid(0.5, 0.5).
            out.name = one("HardSigmoid", [B.attr("alpha", float: 0.5), B.attr("beta", float: 0.5)])
        case "sparse_plus":
            // t = clip(x, -1, 1): (t + 1)^2 / 4 + relu(x - t) (0 below -1, x above 1).
            let t = g.clip(v.name, min: -1, max: 1, name: "\(name)/sparse_plus_clip")
            let t1 = g.node1("Add", [t, g.scalar(1, name: "one")], name: "\(name)/sparse_plus_shift")
            let sq = g.node1("Mul", [t1, t1], name: "\(name)/sparse_plus_sq")
            let q = g.node1("Mul", [sq, g.scalar(0.25, name: "quarter")], name: "\(name)/sparse_plus_quarter")
            let rest = g.node1("Relu", [g.node1("Sub", [v.name, t], name: "\(name)/sparse_plus_rest")], name: "\(name)/sparse_plus_relu")
            out.name = g.node1("Add", [q, rest], name: "\(name)/sparse_plus")
        case "glu":
            // a * sigmoid(b), a and b the halves of the last axis.
            let axis = v.onnxAxis(-1)
            guard let n = v.shape.last ?? nil, n % 2 == 0 else {
                throw KerasError("activation 'glu' needs an even, known size of the last axis (got \(v.shape))")
            }
            let ax = g.int64s([Int64(axis)], name: "axes")
            let a = g.node1("Slice", [v.name, g.int64s([0], name: "starts"), g.int64s([Int64(n / 2)], name: "ends"), ax], name: "\(name)/glu_a")
            let b = g.node1("Slice", [v.name, g.int64s([Int64(n / 2)], name: "starts"), g.int64s([Int64(n)], name: "ends"), ax], name: "\(name)/glu_b")
            let sb = g.node1("Sigmoid", [b], name: "\(name)/glu_sigmoid")
            out.name = g.node1("Mul", [a, sb], name: "\(name)/glu")
            out.shape[out.rank - 1] = n / 2
        case "sparsemax":
            out.name = try sparsemax(v, g, name: name)
        case "threshold":
            throw KerasError("activation 'threshold' needs arguments (threshold, default_value); Keras cannot call it by name either")
        default:
            throw KerasError("activation '\(fn)' is not supported")
        }
        return out
    }

    /// Keras 3.15's sparsemax, as all its backends compute it: z sorted descending, its
    /// cumulative sum s, support k = z_k - (s_k - 1) / k > 0, and
    /// tau = (sum of s over the support - 1) / |support|, output relu(x - tau). (The textbook
    /// tau uses s at the last support index; Keras sums the cumulative sums, so its outputs
    /// do not sum to 1. Parity reproduces Keras.)
    static func sparsemax(_ v: KValue, _ g: KerasGraphBuilder, name: String) throws -> String {
        let axis = v.onnxAxis(-1)
        guard let n = v.shape.last ?? nil, n >= 1 else { throw KerasError("activation 'sparsemax' needs a known size of the last axis") }
        typealias B = KerasGraphBuilder
        let sorted = g.node("TopK", [v.name, g.int64s([Int64(n)], name: "k")], [B.attr("axis", int: axis), B.attr("largest", int: 1), B.attr("sorted", int: 1)],
                            name: "\(name)/sparsemax_sort", outputs: 2)[0]
        let cs = g.node1("CumSum", [sorted, g.int64s([Int64(axis)], name: "axis", shape: [])], name: "\(name)/sparsemax_cumsum")
        var rshape = Array(repeating: 1, count: v.rank)
        rshape[axis] = n
        let r = g.constant((1 ... n).map { Float($0) }, shape: rshape, name: "\(name)/sparsemax_range")
        let one = g.scalar(1, name: "one")
        let csm1 = g.node1("Sub", [cs, one], name: "\(name)/sparsemax_cs_minus_1")
        let bound = g.node1("Div", [csm1, r], name: "\(name)/sparsemax_bound")
        let diff = g.node1("Sub", [sorted, bound], name: "\(name)/sparsemax_margin")
        let support = g.node1("Greater", [diff, g.scalar(0, name: "zero")], name: "\(name)/sparsemax_support")
        let k = g.reduce("ReduceSum", g.node1("Cast", [support], [B.attr("to", int: Int(DataType.float.rawValue))], name: "\(name)/sparsemax_count"),
                         axes: [axis], keepdims: true, name: "\(name)/sparsemax_k")
        let safe = g.node1("Where", [support, cs, g.scalar(0, name: "zero")], name: "\(name)/sparsemax_safe")
        let total = g.reduce("ReduceSum", safe, axes: [axis], keepdims: true, name: "\(name)/sparsemax_sum")
        let tau = g.node1("Div", [g.node1("Sub", [total, one], name: "\(name)/sparsemax_sum_minus_1"), k], name: "\(name)/sparsemax_tau")
        return g.node1("Relu", [g.node1("Sub", [v.name, tau], name: "\(name)/sparsemax_shift")], name: "\(name)/sparsemax")
    }
}
