import OnnxFormat

/// NegativeLogLikelihoodLoss: loss[n, d...] = -input[n, target[n, d...], d...] * weight[target]
/// (ai.onnx NegativeLogLikelihoodLoss, opsets 12-22). Input [N, C, d...], target int32/int64
/// [N, d...], optional weight [C]. Attributes reduction ("none", "sum", "mean": the
/// weighted sum over the sum of the weights; default "mean") and ignore_index (targets equal
/// to it contribute nothing and weigh 0). Types: float, double, float16, bfloat16.
struct NegativeLogLikelihoodLoss: Operator {
    let node: NodeInfo
    let reduction: String
    let ignoreIndex: Int?

    init(_ node: NodeInfo) throws {
        self.node = node
        reduction = try node.string("reduction", default: "mean")
        guard ["none", "sum", "mean"].contains(reduction) else {
            throw RuntimeError.node(node, "attribute 'reduction' = '\(reduction)' must be none, sum or mean")
        }
        ignoreIndex = try node.int("ignore_index")
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let lp = try node.elements(x, Double.self, "input")
        return [try LossKernel.nll(node, logProb: lp, shape: x.shape, target: node.required(inputs, 1),
                                   weight: node.optional(inputs, 2), reduction: reduction, ignoreIndex: ignoreIndex, as: x.dataType)]
    }
}

/// The gather-weigh-reduce step shared by NegativeLogLikelihoodLoss and
/// SoftmaxCrossEntropyLoss.
enum LossKernel {
    static func nll(_ node: NodeInfo, logProb lp: [Double], shape: [Int], target: Tensor, weight: Tensor?,
                    reduction: String, ignoreIndex: Int?, as dt: DataType) throws -> Tensor {
        guard shape.count >= 2 else { throw RuntimeError.node(node, "input must be [N, C, d...], got \(shape)") }
        let n = shape[0], c = shape[1], inner = Tensor.elementCount(Array(shape[2...]))
        let targetShape = [n] + Array(shape[2...])
        guard target.shape == targetShape else {
            throw RuntimeError.node(node, "target shape \(target.shape) must be \(targetShape)")
        }
        let t = try Index.ints(target, node, "target")
        let w = try weight.map { try node.elements($0, Double.self, "weight") }
        if let w, w.count != c { throw RuntimeError.node(node, "weight must have \(c) entries") }
        var loss = [Double](repeating: 0, count: n * inner)
        var wsum = 0.0
        for i in 0..<n {
            for d in 0..<inner {
                let k = t[i * inner + d]
                if let ignoreIndex, k == ignoreIndex { continue }
                guard k >= 0, k < c else { throw RuntimeError.node(node, "target \(k) is out of range [0, \(c))") }
                let wk = w?[k] ?? 1
                loss[i * inner + d] = -lp[(i * c + k) * inner + d] * wk
                wsum += wk
            }
        }
        switch reduction {
        case "none": return Double.tensor(loss, shape: targetShape, as: dt)
        case "sum": return Double.tensor([loss.reduce(0, +)], shape: [], as: dt)
        default:
            return Double.tensor([loss.reduce(0, +) / wsum], shape: [], as: dt)
        }
    }
}

extension NegativeLogLikelihoodLoss: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        if reduction != "none" { return [ValueType(x?.dataType, [])] }
        return [ValueType(x?.dataType, inputs.at(1)?.shape)]
    }
}
