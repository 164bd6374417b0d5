import Foundation
import OnnxFormat

/// SoftmaxCrossEntropyLoss: NegativeLogLikelihoodLoss of LogSoftmax(scores) along axis 1
/// (ai.onnx SoftmaxCrossEntropyLoss, opsets 12-22). Scores [N, C, d...], labels int32/int64
/// [N, d...], optional weights [C]; attributes reduction (default "mean") and ignore_index.
/// The optional second output is the log-probabilities. Types: float, double, float16,
/// bfloat16.
struct SoftmaxCrossEntropyLoss: Operator {
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
        guard x.rank >= 2 else { throw RuntimeError.node(node, "scores must be [N, C, d...], got \(x.shape)") }
        let xs = try node.elements(x, Double.self, "scores")
        let lp = SoftmaxKernel.apply(xs, outer: x.shape[0], n: x.shape[1], inner: Tensor.elementCount(Array(x.shape[2...])), .logSoftmax)
        let loss = try LossKernel.nll(node, logProb: lp, shape: x.shape, target: node.required(inputs, 1),
                                      weight: node.optional(inputs, 2), reduction: reduction, ignoreIndex: ignoreIndex, as: x.dataType)
        return [loss, Double.tensor(lp, shape: x.shape, as: x.dataType)]
    }
}

extension SoftmaxCrossEntropyLoss: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        let loss = reduction != "none" ? ValueType(x?.dataType, []) : ValueType(x?.dataType, inputs.at(1)?.shape)
        return [loss, x]
    }
}
