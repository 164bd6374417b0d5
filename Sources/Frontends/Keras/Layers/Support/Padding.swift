import OnnxFormat

/// ZeroPadding and Cropping 1D/2D/3D: Pad or Slice on the spatial axes, in whatever layout
/// the input has.
enum PadCrop {
    /// ((before, after) per spatial axis) from an int, a tuple of ints, or a tuple of pairs.
    static func amounts(_ c: LayerContext, key: String, n: Int) throws -> [(Int, Int)] {
        let v = c.cfg.dict[key]
        if let i = v as? Int { return Array(repeating: (i, i), count: n) }
        if let a = v as? [Int] {
            if n == 1, a.count == 2 { return [(a[0], a[1])] }
            if a.count == n { return a.map { ($0, $0) } }
        }
        if let a = v as? [[Int]], a.count == n, a.allSatisfy({ $0.count == 2 }) { return a.map { ($0[0], $0[1]) } }
        throw c.fail("cannot read '\(key)'")
    }

    static func spatialAxes(_ c: LayerContext, rank: Int, n: Int) -> [Int] {
        n == 1 ? [1] : Spatial.axes(rank: rank, dataFormat: c.cfg.dataFormat).spatial
    }

    static func pad(_ c: LayerContext, n: Int) throws -> [KValue] {
        var v = try c.input()
        guard v.rank == n + 2 else { throw c.fail("expects a rank-\(n + 2) input") }
        let amounts = try amounts(c, key: "padding", n: n)
        let axes = spatialAxes(c, rank: v.rank, n: n)
        var begin = Array(repeating: Int64(0), count: v.rank), end = begin
        for (i, a) in axes.enumerated() {
            begin[v.onnxAxis(a)] = Int64(amounts[i].0)
            end[v.onnxAxis(a)] = Int64(amounts[i].1)
            v.shape[a] = v.shape[a].map { $0 + amounts[i].0 + amounts[i].1 }
        }
        v.name = c.g.node1("Pad", [v.name, c.g.int64s(begin + end, name: "pads")], name: "\(c.name)/Pad")
        return [v]
    }

    static func crop(_ c: LayerContext, n: Int) throws -> [KValue] {
        var v = try c.input()
        guard v.rank == n + 2 else { throw c.fail("expects a rank-\(n + 2) input") }
        let amounts = try amounts(c, key: "cropping", n: n)
        let axes = spatialAxes(c, rank: v.rank, n: n)
        var starts: [Int64] = [], ends: [Int64] = [], onnxAxes: [Int64] = []
        for (i, a) in axes.enumerated() {
            let (b, e) = amounts[i]
            if b == 0 && e == 0 { continue }
            starts.append(Int64(b))
            ends.append(e == 0 ? Int64.max : Int64(-e))
            onnxAxes.append(Int64(v.onnxAxis(a)))
            v.shape[a] = v.shape[a].map { $0 - b - e }
            if let s = v.shape[a], s <= 0 { throw c.fail("cropping removes the whole axis") }
        }
        if starts.isEmpty { return [v] }
        v.name = c.g.node1("Slice", [v.name, c.g.int64s(starts, name: "starts"), c.g.int64s(ends, name: "ends"),
                                     c.g.int64s(onnxAxes, name: "axes")], name: "\(c.name)/Slice")
        return [v]
    }
}
