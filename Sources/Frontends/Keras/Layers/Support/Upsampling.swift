import OnnxFormat

/// UpSampling1D/2D/3D: one Resize (nearest, or bilinear with half-pixel centres).
enum Upsampling {
    static func convert(_ c: LayerContext, n: Int) throws -> [KValue] {
        var v = try c.input()
        guard v.rank == n + 2 else { throw c.fail("expects a rank-\(n + 2) input") }
        let size = n == 1 ? [try c.cfg.int("size", 2)] : try c.cfg.ints("size", count: n)
        let axes = n == 1 ? [1] : Spatial.axes(rank: v.rank, dataFormat: c.cfg.dataFormat).spatial
        let interpolation = try c.cfg.string("interpolation", "nearest")
        var scales = Array(repeating: Float(1), count: v.rank)
        for (i, a) in axes.enumerated() {
            scales[v.onnxAxis(a)] = Float(size[i])
            v.shape[a] = v.shape[a].map { $0 * size[i] }
        }
        var attrs: [Onnx_AttributeProto]
        switch interpolation {
        case "nearest":
            attrs = [KerasGraphBuilder.attr("mode", string: "nearest"),
                     KerasGraphBuilder.attr("coordinate_transformation_mode", string: "asymmetric"),
                     KerasGraphBuilder.attr("nearest_mode", string: "floor")]
        case "bilinear":
            attrs = [KerasGraphBuilder.attr("mode", string: "linear"),
                     KerasGraphBuilder.attr("coordinate_transformation_mode", string: "half_pixel")]
        default:
            throw c.fail("interpolation '\(interpolation)' is not supported (nearest, bilinear)")
        }
        let sc = c.g.constant(scales, shape: [scales.count], name: "\(c.spec.name)/scales")
        v.name = c.g.node1("Resize", [v.name, "", sc], attrs, name: "\(c.name)/Resize")
        return [v]
    }
}
