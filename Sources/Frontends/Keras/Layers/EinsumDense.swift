/// keras.layers.EinsumDense: one ONNX Einsum with the kernel, plus the bias (whose stored
/// shape already lines up with the trailing output axes) and the activation.
enum EinsumDenseLayer: KerasLayerConverter {
    static let classNames = ["EinsumDense"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let x = c.g.keras(try c.input())
        let eq = try c.cfg.string("equation")
        if let r = c.cfg.dict["lora_rank"] as? Int, r > 0 { throw c.fail("LoRA weights are not supported") }
        guard let (ins, _) = EinsumShapes.parse(eq), ins.count == 2, let kspec = ins.last, !kspec.contains(".") else {
            throw c.fail("equation '\(eq)' is not of the form 'x,kernel->y'")
        }
        guard let first = c.weights.first else { throw c.fail("missing weight 'kernel'") }
        guard first.shape.count == kspec.count else { throw c.fail("kernel shape \(first.shape) does not match '\(kspec)'") }
        let kernel = try c.weight(0, "kernel", shape: first.shape)
        guard let outShape = EinsumShapes.outputShape(eq, [x.shape, kernel.shape.map { Optional($0) }]) else {
            throw c.fail("equation '\(eq)' does not fit the input \(x.shape) and kernel \(kernel.shape)")
        }
        var out = c.g.node1("Einsum", [x.name, c.initializer(kernel, "kernel")], [KerasGraphBuilder.attr("equation", string: eq)],
                            name: "\(c.name)/Einsum")
        let biasAxes = c.cfg.dict["bias_axes"] as? String ?? ""
        if !biasAxes.isEmpty {
            guard c.weights.count >= 2 else { throw c.fail("missing weight 'bias'") }
            let b = try c.weight(1, "bias")
            guard b.shape.count <= outShape.count else { throw c.fail("bias shape \(b.shape) does not fit the output \(outShape)") }
            for (bd, od) in zip(b.shape.reversed(), outShape.reversed()) where bd != 1 && od != nil && od != bd {
                throw c.fail("bias shape \(b.shape) does not fit the output \(outShape)")
            }
            out = c.g.node1("Add", [out, c.initializer(b, "bias")], name: "\(c.name)/Add")
        }
        return [try c.activation(c.output(out, shape: outShape))]
    }
}
