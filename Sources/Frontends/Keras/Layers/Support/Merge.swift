/// Add, Subtract, Multiply, Average, Maximum, Minimum: one ONNX node over inputs brought to
/// a common layout (so a residual add of two channels-first tensors needs no Transpose).
enum Merge {
    /// `binary`: the two-input op; `variadic`: an op taking any number (nil: chain `binary`).
    static func convert(_ c: LayerContext, binary: String, variadic: String?) throws -> [KValue] {
        guard c.inputs.count >= 2 else { throw c.fail("expects at least 2 inputs, got \(c.inputs.count)") }
        let ins = c.g.common(c.inputs)
        guard let first = ins.first else { throw c.fail("has no inputs") }
        var shape = first.shape
        for v in ins.dropFirst() { shape = broadcast(shape, v.shape) }
        var out: String
        if ins.count == 2 || variadic == nil {
            out = ins[0].name
            for (k, v) in ins.dropFirst().enumerated() { out = c.g.node1(binary, [out, v.name], name: "\(c.name)/\(binary)\(k == 0 ? "" : "_\(k)")") }
        } else {
            out = c.g.node1(variadic ?? binary, ins.map(\.name), name: "\(c.name)/\(variadic ?? binary)")
        }
        return [c.output(out, shape: shape, perm: first.perm)]
    }

    static func broadcast(_ a: [Int?], _ b: [Int?]) -> [Int?] {
        let r = max(a.count, b.count)
        let pa = Array(repeating: Optional(1), count: r - a.count) + a
        let pb = Array(repeating: Optional(1), count: r - b.count) + b
        return zip(pa, pb).map { x, y in
            if x == 1 { return y }
            if y == 1 { return x }
            return x ?? y
        }
    }
}
