/// keras.layers.CenterCrop when the input is at least the target size: one Slice.
/// (Keras resizes smaller inputs first; that is refused.)
enum CenterCropLayer: KerasLayerConverter {
    static let classNames = ["CenterCrop"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var x = try c.input()
        guard x.rank == 4 || x.rank == 3 else { throw c.fail("expects images (rank 3 or 4), got rank \(x.rank)") }
        let h = try c.cfg.int("height"), w = try c.cfg.int("width")
        let cf = c.cfg.dataFormat == "channels_first"
        let (ha, wa) = cf ? (x.rank - 2, x.rank - 1) : (x.rank - 3, x.rank - 2)
        guard let ih = x.shape[ha], let iw = x.shape[wa] else { throw c.fail("the image size must be known") }
        guard ih >= h, iw >= w else { throw c.fail("the input (\(ih)x\(iw)) is smaller than the crop (\(h)x\(w)); Keras resizes it then, which is not supported") }
        let hs = (ih - h) / 2, ws = (iw - w) / 2
        if ih == h && iw == w { return [x] }
        x.name = c.g.node1("Slice", [x.name, c.g.int64s([Int64(hs), Int64(ws)], name: "starts"), c.g.int64s([Int64(hs + h), Int64(ws + w)], name: "ends"),
                                     c.g.int64s([Int64(x.onnxAxis(ha)), Int64(x.onnxAxis(wa))], name: "axes")], name: "\(c.name)/Slice")
        x.shape[ha] = h
        x.shape[wa] = w
        return [x]
    }
}
