/// keras.layers.Dot: Keras' batch_dot as one ONNX Einsum (inputs L2-normalised first when
/// `normalize`). The result holds x's remaining axes, then y's; rank 1 becomes [B, 1].
enum DotLayer: KerasLayerConverter {
    static let classNames = ["Dot"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        guard c.inputs.count == 2 else { throw c.fail("expects 2 inputs, got \(c.inputs.count)") }
        var x = c.g.keras(c.inputs[0]), y = c.g.keras(c.inputs[1])
        guard x.rank >= 2, y.rank >= 2, x.rank + y.rank <= 20 else { throw c.fail("inputs of rank \(x.rank) and \(y.rank) are not supported") }
        var axes: [Int]
        if let a = c.cfg.dict["axes"] as? Int {
            axes = [a < 0 ? ((a % x.rank) + x.rank) % x.rank : a, a < 0 ? ((a % y.rank) + y.rank) % y.rank : a]
        } else if let a = c.cfg.dict["axes"] as? [Int], a.count == 2 {
            axes = [a[0] < 0 ? ((a[0] % x.rank) + x.rank) % x.rank : a[0], a[1] < 0 ? ((a[1] % y.rank) + y.rank) % y.rank : a[1]]
        } else {
            throw c.fail("config 'axes' must be an integer or two integers")
        }
        guard axes[0] > 0, axes[0] < x.rank, axes[1] > 0, axes[1] < y.rank else { throw c.fail("axes \(axes) are out of range or the batch axis") }
        if let a = x.shape[axes[0]], let b = y.shape[axes[1]], a != b { throw c.fail("axis sizes \(a) and \(b) differ") }
        if try c.cfg.bool("normalize", false) {
            x.name = L2Normalize.apply(c.g, x.name, axes: [axes[0]], name: "\(c.name)/x")
            y.name = L2Normalize.apply(c.g, y.name, axes: [axes[1]], name: "\(c.name)/y")
        }
        let letters = Array("bcdefghijklmnopqrstuvwxyz")
        var next = 0
        func fresh() -> Character { defer { next += 1 }; return letters[next] }
        let batch: Character = "a", summed: Character = "z"
        var xs: [Character] = [batch], ys: [Character] = [batch]
        var outShape: [Int?] = [x.shape[0]]
        for i in 1 ..< x.rank { if i == axes[0] { xs.append(summed) } else { xs.append(fresh()); outShape.append(x.shape[i]) } }
        for i in 1 ..< y.rank { if i == axes[1] { ys.append(summed) } else { ys.append(fresh()); outShape.append(y.shape[i]) } }
        let outLetters = xs.filter { $0 != summed } + ys.dropFirst().filter { $0 != summed }
        let eq = String(xs) + "," + String(ys) + "->" + String(outLetters)
        var out = c.g.node1("Einsum", [x.name, y.name], [KerasGraphBuilder.attr("equation", string: eq)], name: "\(c.name)/Einsum")
        if outShape.count == 1 {
            out = c.g.unsqueeze(out, axes: [1], name: "\(c.name)/Unsqueeze")
            outShape.append(1)
        }
        return [c.output(out, shape: outShape)]
    }
}
