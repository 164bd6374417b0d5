import OnnxFormat

/// Gemm followed by an activation becomes one com.microsoft FusedGemm
/// (Y = act(alpha * A' * B' + beta * C)), onnxruntime's contrib op.
///
/// Conditions: float32 (onnxruntime's CPU FusedGemm has no other type), the Gemm's output
/// read by the activation only. Activations: Relu, LeakyRelu, Sigmoid, HardSigmoid, Tanh,
/// with parameters as `activation_alpha`/`activation_beta`; onnxruntime 1.32's FusedGemm
/// rejects Clip, so a Gemm + Clip stays as it is.
struct GemmActivationFusion: OptimizationPass {
    let name = "fuse-gemm-activation"

    func run(_ g: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String] {
        let uses = g.uses()
        var done: [String] = []
        var removed = Set<Int>()
        var touched = Set<Int>()
        for i in g.nodes.indices where g.nodes[i].isOnnx("Gemm") && !touched.contains(i) {
            let gemm = g.nodes[i]
            guard gemm.output.count == 1, let v = gemm.output.first, !v.isEmpty, facts.dataType(v, g) == .float,
                  let r = g.soleReader(v, uses), !touched.contains(r),
                  let act = ActivationMatching.activation(g.nodes[r], g, facts), g.nodes[r].input[0] == v else { continue }
            var extra: [Onnx_AttributeProto]
            switch act {
            case .relu, .sigmoid, .tanh: extra = []
            case .leakyRelu(let a): extra = [.float("activation_alpha", a)]
            case .hardSigmoid(let a, let b): extra = [.float("activation_alpha", a), .float("activation_beta", b)]
            case .clip, .identity, .hardSwish, .silu: continue
            }
            var fused = gemm
            fused.opType = "FusedGemm"
            fused.domain = "com.microsoft"
            fused.attribute += [.string("activation", act.name ?? "")] + extra
            fused.output = g.nodes[r].output
            fused.name = Onnx_NodeProto.fusedName([gemm, g.nodes[r]])
            g.nodes[r] = fused
            removed.insert(i)
            touched.formUnion([i, r])
            done.append(fused.name)
        }
        g.remove(removed)
        return done
    }
}
