import Foundation
import OnnxFormat

/// MaxPooling/AveragePooling 1D/2D/3D and their global variants.
enum Pooling {
    static func convert(_ c: LayerContext, rank n: Int, op: String) throws -> [KValue] {
        let x0 = try c.input()
        guard x0.rank == n + 2 else { throw c.fail("expects a rank-\(n + 2) input, got rank \(x0.rank)") }
        let df = c.cfg.dataFormat
        let (spatial, _) = Spatial.axes(rank: n + 2, dataFormat: df)
        let k = try c.cfg.ints("pool_size", count: n)
        let s = c.cfg.has("strides") ? try c.cfg.ints("strides", count: n) : k
        let padding = try c.cfg.string("padding", "valid")
        let (x, outPerm) = Spatial.channelsFirstInput(x0, c.g, dataFormat: df)
        let sizes = spatial.map { x0.shape[$0] }
        var attrs = [KerasGraphBuilder.attr("kernel_shape", ints: k), KerasGraphBuilder.attr("strides", ints: s)]
        let padAttrs = Spatial.padAttributes(sizes, kernel: k, stride: s, dilation: Array(repeating: 1, count: n), padding: padding)
        var input = x.name
        if op == "AveragePool", c.g.backend == "torch", let pads = padAttrs.first, pads.name == "pads",
           pads.ints[..<n] != pads.ints[n...] {
            // Keras' torch backend pads an asymmetric "same" average pool with edge values
            // that then count in the average (TensorFlow and JAX exclude the padding). A
            // model saved from that backend computes this, so the ONNX graph does too.
            let full = [Int64(0), 0] + pads.ints[..<n] + [0, 0] + pads.ints[n...]
            input = c.g.node1("Pad", [x.name, c.g.int64s(Array(full), name: "pads")], [KerasGraphBuilder.attr("mode", string: "edge")],
                              name: "\(c.name)/Pad")
        } else {
            attrs += padAttrs
        }
        let out = c.g.node1(op, [input], attrs, name: "\(c.name)/\(op)")
        var shape = x0.shape
        for (i, a) in spatial.enumerated() {
            shape[a] = Spatial.outputSize(x0.shape[a], kernel: k[i], stride: s[i], dilation: 1, padding: padding)
        }
        return [c.output(out, shape: shape, perm: outPerm)]
    }

    /// Global pooling: one Reduce over the spatial axes, in whatever layout the input has.
    static func global(_ c: LayerContext, rank n: Int, op: String) throws -> [KValue] {
        let x = try c.input()
        guard x.rank == n + 2 else { throw c.fail("expects a rank-\(n + 2) input, got rank \(x.rank)") }
        let (spatial, _) = Spatial.axes(rank: n + 2, dataFormat: c.cfg.dataFormat)
        let keep = try c.cfg.bool("keepdims", false)
        let onnxAxes = spatial.map { x.onnxAxis($0) }.sorted()
        let out = c.g.reduce(op, x.name, axes: onnxAxes, keepdims: keep, name: "\(c.name)/\(op)")
        var shape = x.shape
        for a in spatial { shape[a] = 1 }
        if keep { return [c.output(out, shape: shape, perm: x.perm)] }
        let kept = (0 ..< x.rank).filter { !spatial.contains($0) }
        let newShape = kept.map { x.shape[$0] }
        var perm: [Int]?
        if let p = x.perm {
            let remaining = p.filter { kept.contains($0) }.map { kept.firstIndex(of: $0) ?? 0 }
            perm = remaining == Array(0 ..< remaining.count) ? nil : remaining
        }
        return [c.output(out, shape: newShape, perm: perm)]
    }
}
