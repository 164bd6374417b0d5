import OnnxFormat

/// Conv followed by an activation, or by an Add of a same-shaped value (a residual) and
/// then an activation, becomes one com.microsoft FusedConv: Y = act(Conv(X, W, B) + Z),
/// as onnxruntime's own Conv+Activation and Conv+Add+Relu fusions write it.
///
/// The rules compose over rounds: Conv + Add gives FusedConv with Z and no activation, and
/// a FusedConv without activation + activation takes the activation. Each step needs the
/// absorbed value to be read by the next node only (not a graph output), float32 (the
/// only type onnxruntime's CPU FusedConv has), and for Z exactly the convolution's output
/// shape (onnxruntime does not broadcast Z). Activations: Relu, LeakyRelu, Clip with
/// constant bounds, Sigmoid, HardSigmoid, Tanh. SiLU (x * Sigmoid(x)) is not fused:
/// onnxruntime 1.32's FusedConv refuses activation "Silu".
struct ConvActivationFusion: OptimizationPass {
    let name = "fuse-conv-activation"

    func run(_ g: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String] {
        let uses = g.uses()
        var done: [String] = []
        var removed = Set<Int>()
        var touched = Set<Int>()
        for c in g.nodes.indices where !touched.contains(c) {
            let conv = g.nodes[c]
            let isConv = conv.isOnnx("Conv")
            let isOpenFused = conv.opType == "FusedConv" && conv.domain == "com.microsoft" && conv.attribute("activation") == nil
            guard isConv || isOpenFused, conv.output.count == 1, let v = conv.output.first, !v.isEmpty,
                  conv.input.count >= 2, facts.dataType(v, g) == .float else { continue }
            if let (si, mi) = ActivationMatching.silu(of: v, g, uses), !touched.contains(si), !touched.contains(mi) {
                // x * Sigmoid(x) (EfficientNet's SiLU): runtime-only, see OptimizerGraph.
                var fused = conv
                fused.opType = "FusedConv"
                fused.domain = "com.microsoft"
                fused.attribute.append(.string("activation", "Silu"))
                fused.output = [g.nodes[mi].output[0]]
                fused.name = Onnx_NodeProto.fusedName([conv, g.nodes[si], g.nodes[mi]])
                g.nodes[mi] = fused
                removed.formUnion([c, si])
                touched.formUnion([c, si, mi])
                done.append(fused.name)
                continue
            }
            guard let r = g.soleReader(v, uses), !touched.contains(r) else { continue }
            let reader = g.nodes[r]
            var fused = conv
            fused.opType = "FusedConv"
            fused.domain = "com.microsoft"
            if let act = ActivationMatching.activation(reader, g, facts), reader.input[0] == v {
                if let name = act.name { fused.attribute.append(.string("activation", name)) }
                if !act.parameters.isEmpty { fused.attribute.append(.floats("activation_params", act.parameters)) }
            } else if reader.isOnnx("Add"), reader.input.count == 2, conv.input.count < 4,
                      let z = reader.input.first(where: { $0 != v }), reader.input.contains(v), !z.isEmpty,
                      facts.dataType(z, g) == .float,
                      ReshapeElimination.sameShape(facts.types[z]?.shape, facts.types[v]?.shape) {
                while fused.input.count < 3 { fused.input.append("") }
                fused.input.append(z)
            } else {
                continue
            }
            fused.output = [reader.output[0]]
            fused.name = Onnx_NodeProto.fusedName([conv, reader])
            g.nodes[r] = fused
            removed.insert(c)
            touched.formUnion([c, r])
            done.append(fused.name)
        }
        g.remove(removed)
        return done
    }
}
