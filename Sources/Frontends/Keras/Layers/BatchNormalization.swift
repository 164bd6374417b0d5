import Foundation
import OnnxFormat

/// keras.layers.BatchNormalization (inference): folded into the preceding Conv/Dense when
/// that is its only consumer and the channel axes agree; else one BatchNormalization node
/// (channels on ONNX axis 1) or Mul + Add.
enum BatchNormalizationLayer: KerasLayerConverter {
    static let classNames = ["BatchNormalization"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let x = try c.input()
        let axes = try c.cfg.axes("axis", [-1])
        guard axes.count == 1, let a0 = axes.first else { throw c.fail("normalising over several axes is not supported") }
        let axis = try c.axis(a0, rank: x.rank)
        guard let ch = x.shape[axis] else { throw c.fail("the channel count is unknown") }
        let eps = try c.cfg.double("epsilon", 1e-3)
        var i = 0
        let gamma = try c.cfg.bool("scale", true) ? try { defer { i += 1 }; return try c.weight(i, "gamma", shape: [ch]) }() : nil
        let beta = try c.cfg.bool("center", true) ? try { defer { i += 1 }; return try c.weight(i, "beta", shape: [ch]) }() : nil
        let mean = try c.weight(i, "moving_mean", shape: [ch])
        let variance = try c.weight(i + 1, "moving_variance", shape: [ch])
        var scale = [Float](repeating: 0, count: ch), shift = [Float](repeating: 0, count: ch)
        for k in 0 ..< ch {
            let s = Double(gamma?.values[k] ?? 1) / (Double(variance.values[k]) + eps).squareRoot()
            scale[k] = Float(s)
            shift[k] = Float(Double(beta?.values[k] ?? 0) - Double(mean.values[k]) * s)
        }
        // Fold into the producer.
        if let t = c.g.foldTargets[x.name], c.inputUses.first == 1, t.kerasChannelAxis == axis,
           var w = c.g.floatInitializer(t.weight), w.shape.indices.contains(t.axis), w.shape[t.axis] == ch {
            let inner = w.shape[(t.axis + 1)...].reduce(1, *)
            let outer = w.shape[..<t.axis].reduce(1, *)
            for o in 0 ..< outer { for k in 0 ..< ch { for j in 0 ..< inner { w.values[(o * ch + k) * inner + j] *= scale[k] } } }
            c.g.setFloatInitializer(t.weight, w)
            if let bn = t.bias, var b = c.g.floatInitializer(bn), b.count == ch {
                for k in 0 ..< ch { b.values[k] = b.values[k] * scale[k] + shift[k] }
                c.g.setFloatInitializer(bn, b)
            } else {
                let bn = c.g.weight(FloatArray(shape: [ch], values: shift), name: "\(c.spec.name)/folded_bias")
                c.g.appendInput(bn, toNode: t.nodeIndex)
                c.g.foldTargets[x.name]?.bias = bn
            }
            c.g.foldedCount += 1
            return [x]
        }
        let onnxAxis = x.onnxAxis(axis)
        if onnxAxis == 1 && x.rank >= 2 {
            let ins = [x.name,
                       c.g.weight(FloatArray(shape: [ch], values: scale), name: "\(c.spec.name)/scale"),
                       c.g.weight(FloatArray(shape: [ch], values: shift), name: "\(c.spec.name)/shift"),
                       c.g.constant(Array(repeating: 0, count: ch), shape: [ch], name: "\(c.spec.name)/zero_mean"),
                       c.g.constant(Array(repeating: Float(1 - eps), count: ch), shape: [ch], name: "\(c.spec.name)/unit_var")]
            let out = c.g.node1("BatchNormalization", ins, [KerasGraphBuilder.attr("epsilon", float: eps)], name: "\(c.name)/BatchNormalization")
            return [c.output(out, shape: x.shape, perm: x.perm)]
        }
        let bshape = [ch] + Array(repeating: 1, count: x.rank - 1 - onnxAxis)
        let m = c.g.node1("Mul", [x.name, c.g.weight(FloatArray(shape: bshape, values: scale), name: "\(c.spec.name)/scale")], name: "\(c.name)/Mul")
        let out = c.g.node1("Add", [m, c.g.weight(FloatArray(shape: bshape, values: shift), name: "\(c.spec.name)/shift")], name: "\(c.name)/Add")
        return [c.output(out, shape: x.shape, perm: x.perm)]
    }
}
