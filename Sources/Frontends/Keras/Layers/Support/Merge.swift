/// Add, Subtract, Multiply, Average, Maximum, Minimum: one ONNX node over inputs brought to
/// a common layout (so a residual add of two channels-first tensors needs no Transpose).
enum Merge {
    /// `binary`: the two-input op; `variadic`: an op taking any number (nil: chain `binary`).
    static func convert(_ c: LayerContext, binary: String, variadic: String?) throws -> [KValue] {
        if !c.scalars.isEmpty { return try withScalars(c, binary: binary) }
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

    /// A Keras 3 op layer with number arguments (`x + 3.0`, `0.5 * x`): operands in
    /// argument order, numbers as scalar constants.
    static func withScalars(_ c: LayerContext, binary: String) throws -> [KValue] {
        guard c.inputs.count + c.scalars.count == 2, let first = c.inputs.first, binary != "Mean" else {
            throw c.fail("\(c.inputs.count) tensor and \(c.scalars.count) number arguments are not supported")
        }
        let k = c.g.scalar(Float(c.scalars[0].value), name: "\(c.spec.name)/constant")
        let ops = c.scalars[0].position == 0 ? [k, first.name] : [first.name, k]
        var v = first
        v.name = c.g.node1(binary, ops, name: "\(c.name)/\(binary)")
        return [v]
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
