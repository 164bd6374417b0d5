/// keras.layers.RepeatVector: [B, n] -> [B, r, n] (Unsqueeze + Expand).
enum RepeatVectorLayer: KerasLayerConverter {
    static let classNames = ["RepeatVector"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let x = c.g.keras(try c.input())
        guard x.rank == 2 else { throw c.fail("expects a rank-2 input, got rank \(x.rank)") }
        let r = try c.cfg.int("n")
        guard r >= 1 else { throw c.fail("n must be at least 1") }
        let u = c.g.unsqueeze(x.name, axes: [1], name: "\(c.name)/Unsqueeze")
        let out = c.g.node1("Expand", [u, c.g.int64s([1, Int64(r), 1], name: "repeats")], name: "\(c.name)/Expand")
        return [c.output(out, shape: [x.shape[0], r, x.shape[1]])]
    }
}
