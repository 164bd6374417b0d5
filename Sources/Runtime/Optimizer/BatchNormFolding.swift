import Foundation
import OnnxFormat

/// BatchNormalization after a Conv folds into the Conv's weights and bias:
/// with s = scale / sqrt(var + epsilon), W'[m] = W[m] * s[m] and
/// B'[m] = (B[m] - mean[m]) * s[m] + bias[m] (B = 0 when the Conv has none).
///
/// Conditions: the Conv's output is read by the BatchNormalization only (and is not a
/// graph output); W, the Conv bias and all four BatchNormalization parameters are
/// constant, float32 or float64, with one value per output channel; the normalisation is
/// in inference mode (no training_mode, outputs other than Y unused) and per channel
/// (`spatial` 1, opsets before 9). Any group count works: W's first axis is always the
/// output channel. The arithmetic runs in float64 and rounds once to the weight type.
/// New weights get new names, since the old ones may be shared with other nodes.
struct BatchNormFolding: OptimizationPass {
    let name = "fold-batchnorm"

    func run(_ g: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String] {
        let uses = g.uses(), producers = g.producers()
        var done: [String] = []
        var removed = Set<Int>()
        for i in g.nodes.indices where g.nodes[i].isOnnx("BatchNormalization") {
            let bn = g.nodes[i]
            guard bn.input.count == 5, let x = bn.input.first, let y = bn.output.first, !y.isEmpty,
                  bn.output.dropFirst().allSatisfy({ g.isUnused($0, uses) }),
                  bn.intAttribute("training_mode", default: 0) == 0, bn.intAttribute("spatial", default: 1) == 1,
                  let c = producers[x], !removed.contains(c), g.nodes[c].isOnnx("Conv"),
                  g.soleReader(x, uses) == i else { continue }
            let conv = g.nodes[c]
            guard conv.input.count >= 2, let w = facts.constant(conv.input[1], g),
                  w.dataType == .float || w.dataType == .double, w.rank >= 3 else { continue }
            let m = w.shape[0]
            let params = bn.input[1...4].map { facts.constant($0, g) }
            let bias = conv.input.count > 2 && !conv.input[2].isEmpty ? facts.constant(conv.input[2], g) : nil
            if conv.input.count > 2 && !conv.input[2].isEmpty && bias == nil { continue }
            let vectors = (params + [bias]).compactMap { $0 }
            guard params.allSatisfy({ $0 != nil }),
                  vectors.allSatisfy({ $0.rank == 1 && $0.count == m && $0.dataType.isFloatingPoint }) else { continue }
            let p = params.map { $0?.asDoubles() }  // four entries: bn.input[1...4]
            guard let scale = p[0], let beta = p[1], let mean = p[2], let variance = p[3],
                  let wv = w.asDoubles() else { continue }
            let b0 = bias?.asDoubles() ?? [Double](repeating: 0, count: m)
            guard b0.count == m else { continue }
            let epsilon = Double(bn.floatAttribute("epsilon", default: 1e-5))
            let per = w.count / max(m, 1)
            var newW = wv
            var newB = [Double](repeating: 0, count: m)
            for k in 0..<m {
                let s = scale[k] / (variance[k] + epsilon).squareRoot()
                for j in (k * per)..<((k + 1) * per) { newW[j] *= s }
                newB[k] = (b0[k] - mean[k]) * s + beta[k]
            }
            let wt: Tensor, bt: Tensor
            if w.dataType == .double {
                wt = Tensor(uncheckedType: .double, shape: w.shape, storage: .double(newW))
                bt = Tensor(uncheckedType: .double, shape: [m], storage: .double(newB))
            } else {
                wt = Tensor(shape: w.shape, floats: newW.map { Float($0) })
                bt = Tensor(shape: [m], floats: newB.map { Float($0) })
            }
            var fused = conv
            let base = bn.name.isEmpty ? y : bn.name
            fused.input = [conv.input[0], g.addConstant(wt, hint: "\(base).folded_weight"),
                           g.addConstant(bt, hint: "\(base).folded_bias")]
            fused.output = [y]
            fused.name = Onnx_NodeProto.fusedName([conv, bn])
            g.nodes[c] = fused
            removed.insert(i)
            done.append(fused.name)
        }
        g.remove(removed)
        return done
    }
}
