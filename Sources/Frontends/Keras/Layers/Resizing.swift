import OnnxFormat

/// keras.layers.Resizing to (height, width): one Resize. Keras' torch backend calls
/// torch.nn.functional.interpolate without antialiasing: "bilinear"/"bicubic" are ONNX
/// linear/cubic (a = -0.75) with half-pixel centres, "nearest" is torch's nearest-exact
/// (floor((x + 0.5) * in / out)), ONNX nearest with half_pixel and round_prefer_ceil.
enum ResizingLayer: KerasLayerConverter {
    static let classNames = ["Resizing"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var x = try c.input()
        guard x.rank == 4 else { throw c.fail("expects a batch of images (rank 4), got rank \(x.rank)") }
        let h = try c.cfg.int("height"), w = try c.cfg.int("width")
        guard h >= 1, w >= 1, h <= 1 << 16, w <= 1 << 16 else { throw c.fail("size \(h)x\(w) is out of range") }
        if try c.cfg.bool("crop_to_aspect_ratio", false) || c.cfg.bool("pad_to_aspect_ratio", false) {
            throw c.fail("crop_to_aspect_ratio and pad_to_aspect_ratio are not supported")
        }
        if try c.cfg.bool("antialias", false) { throw c.fail("antialias is not supported") }
        let interpolation = try c.cfg.string("interpolation", "bilinear")
        typealias B = KerasGraphBuilder
        var attrs: [Onnx_AttributeProto]
        switch interpolation {
        case "bilinear": attrs = [B.attr("mode", string: "linear"), B.attr("coordinate_transformation_mode", string: "half_pixel")]
        case "bicubic": attrs = [B.attr("mode", string: "cubic"), B.attr("coordinate_transformation_mode", string: "half_pixel"),
                                 B.attr("cubic_coeff_a", float: -0.75)]
        case "nearest": attrs = [B.attr("mode", string: "nearest"), B.attr("coordinate_transformation_mode", string: "half_pixel"),
                                 B.attr("nearest_mode", string: "round_prefer_ceil")]
        default: throw c.fail("interpolation '\(interpolation)' is not supported (bilinear, bicubic, nearest)")
        }
        let (ha, wa) = c.cfg.dataFormat == "channels_first" ? (2, 3) : (1, 2)
        let g = c.g
        // Output sizes, not scales (a float scale can round the size down).
        var sizes: String
        if g.opset >= 18 {
            let pairs = [(x.onnxAxis(ha), h), (x.onnxAxis(wa), w)].sorted { $0.0 < $1.0 }
            attrs.append(B.attr("axes", ints: pairs.map(\.0)))
            sizes = g.int64s(pairs.map { Int64($0.1) }, name: "sizes")
        } else {
            var rest: [Int64] = []
            var target = x.shape
            target[ha] = h
            target[wa] = w
            let onnxTarget = x.perm.map { p in p.map { target[$0] } } ?? target
            for d in onnxTarget.dropFirst() {
                guard let d else { throw c.fail("the channel count must be known") }
                rest.append(Int64(d))
            }
            let shape = g.node1("Shape", [x.name], name: "\(c.name)/Shape")
            let batch = g.node1("Slice", [shape, g.int64s([0], name: "starts"), g.int64s([1], name: "ends")], name: "\(c.name)/batch")
            sizes = g.node1("Concat", [batch, g.int64s(rest, name: "\(c.spec.name)/size")], [B.attr("axis", int: 0)], name: "\(c.name)/sizes")
        }
        x.name = g.node1("Resize", [x.name, "", "", sizes], attrs, name: "\(c.name)/Resize")
        x.shape[ha] = h
        x.shape[wa] = w
        return [x]
    }
}
