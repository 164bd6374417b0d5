import Foundation

/// keras.layers.Normalization: (x - mean) / max(sqrt(var), 1e-7), as one Mul and one Add
/// with constants computed at conversion (invert=True: x * std + mean).
enum NormalizationLayer: KerasLayerConverter {
    static let classNames = ["Normalization"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var v = try c.input()
        let axes = try c.cfg.axes("axis", [-1]).map { try c.axis($0, rank: v.rank) }.sorted()
        var bshape = Array(repeating: 1, count: v.rank)
        for a in axes {
            guard let d = v.shape[a] else { throw c.fail("axis \(a) has an unknown size") }
            bshape[a] = d
        }
        let n = bshape.reduce(1, *)
        var mean: [Float], variance: [Float]
        if let m = ConfigValues.floats(c.cfg.dict["mean"]), let s = ConfigValues.floats(c.cfg.dict["variance"]) {
            mean = m; variance = s
        } else {
            mean = try c.weight(0, "mean").values
            variance = try c.weight(1, "variance").values
        }
        if mean.count == 1 { mean = Array(repeating: mean[0], count: n) }
        if variance.count == 1 { variance = Array(repeating: variance[0], count: n) }
        guard mean.count == n, variance.count == n else { throw c.fail("mean/variance have \(mean.count) values, expected \(n)") }
        let invert = try c.cfg.bool("invert", false)
        var a = [Float](repeating: 0, count: n), b = a
        for i in 0 ..< n {
            let sd = max(Double(variance[i]).squareRoot(), 1e-7)
            if invert { a[i] = Float(sd); b[i] = mean[i] } else { a[i] = Float(1 / sd); b[i] = Float(-Double(mean[i]) / sd) }
        }
        var A = FloatArray(shape: bshape, values: a), B = FloatArray(shape: bshape, values: b)
        if let p = v.perm { A = A.transposed(p); B = B.transposed(p) }
        let m = c.g.node1("Mul", [v.name, c.g.weight(A, name: "\(c.spec.name)/scale")], name: "\(c.name)/Mul")
        v.name = c.g.node1("Add", [m, c.g.weight(B, name: "\(c.spec.name)/offset")], name: "\(c.name)/Add")
        return [v]
    }
}
