/// Einsum equations with known operand shapes: the output shape, ellipses expanded.
enum EinsumShapes {
    /// Splits "ab,bc->ac" into its operand specs and output spec (no spaces).
    static func parse(_ equation: String) -> (inputs: [String], output: String)? {
        let eq = equation.replacingOccurrences(of: " ", with: "")
        let parts = eq.components(separatedBy: "->")
        guard parts.count == 2 else { return nil }
        return (parts[0].components(separatedBy: ","), parts[1])
    }

    /// Letter -> size from operand specs and shapes ("..." takes the unlisted leading axes).
    static func sizes(_ specs: [String], _ shapes: [[Int?]]) -> (letters: [Character: Int?], ellipsis: [Int?])? {
        var m: [Character: Int?] = [:]
        var ell: [Int?] = []
        for (spec, shape) in zip(specs, shapes) {
            var s = spec
            var dims = shape
            if s.hasPrefix("...") {
                s.removeFirst(3)
                let explicit = s.count
                guard dims.count >= explicit else { return nil }
                ell = Array(dims.prefix(dims.count - explicit))
                dims = Array(dims.suffix(explicit))
            }
            guard s.count == dims.count, s.allSatisfy({ $0.isLetter }) else { return nil }
            for (ch, d) in zip(s, dims) {
                if let have = m[ch], let h = have, let d, h != d { return nil }
                if m[ch] == nil || m[ch] == .some(nil) { m[ch] = d }
            }
        }
        return (m, ell)
    }

    /// The output shape of an equation over `shapes`.
    static func outputShape(_ equation: String, _ shapes: [[Int?]]) -> [Int?]? {
        guard let (ins, out) = parse(equation), ins.count == shapes.count, let (m, ell) = sizes(ins, shapes) else { return nil }
        var o = out
        var shape: [Int?] = []
        if o.hasPrefix("...") { o.removeFirst(3); shape = ell }
        for ch in o {
            guard let d = m[ch] else { return nil }
            shape.append(d)
        }
        return shape
    }
}
