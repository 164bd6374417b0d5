/// keras.layers.UnitNormalization: x / max(||x||_2, 1e-12) over `axis`, in any layout.
enum UnitNormalizationLayer: KerasLayerConverter {
    static let classNames = ["UnitNormalization"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var x = try c.input()
        let axes = try c.cfg.axes("axis", [-1]).map { try c.axis($0, rank: x.rank) }
        guard !axes.contains(0) else { throw c.fail("normalising over the batch axis is not supported") }
        x.name = L2Normalize.apply(c.g, x.name, axes: axes.map { x.onnxAxis($0) }.sorted(), name: c.name)
        return [x]
    }
}
