import OnnxFormat

/// Einsum: Einstein summation over the operands as the `equation` says (ai.onnx Einsum,
/// opset 12+), e.g. "bij,bjk->bik"; "..." stands for broadcast leading dimensions; without
/// "->" the output takes the letters that appear once, alphabetically, after the ellipsis
/// dimensions. A letter repeated within one operand takes its diagonal. Computed by a
/// direct loop in float64 (integers exact up to 2^53). Numeric types.
struct Einsum: Operator {
    let node: NodeInfo
    let equation: String
    init(_ node: NodeInfo) throws {
        self.node = node
        equation = try node.string("equation", default: "").replacingOccurrences(of: " ", with: "")
        guard !equation.isEmpty else { throw RuntimeError.node(node, "attribute 'equation' is required") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let ops = try (0..<inputs.count).map { try node.required(inputs, $0) }
        let parts = equation.components(separatedBy: "->")
        let lhs = parts[0].components(separatedBy: ",")
        guard lhs.count == ops.count, parts.count <= 2 else {
            throw RuntimeError.node(node, "equation '\(equation)' names \(lhs.count) operands, got \(ops.count)")
        }
        // Ellipsis letters: uppercase-free private symbols "0".."9" style, as Characters.
        var ellRank = 0
        for (t, term) in zip(ops, lhs) where term.contains("...") {
            ellRank = Swift.max(ellRank, t.rank - (term.count - 3))
        }
        let ellLetters = (0..<ellRank).map { Character(UnicodeScalar(0x2460 + $0)!) }   // circled digits
        func expand(_ term: String, rank: Int) throws -> [Character] {
            if let r = term.range(of: "...") {
                let k = rank - (term.count - 3)
                guard k >= 0 else { throw RuntimeError.node(node, "term '\(term)' has more letters than rank \(rank)") }
                return Array(term[..<r.lowerBound]) + Array(ellLetters.suffix(k)) + Array(term[r.upperBound...])
            }
            return Array(term)
        }
        let terms = try zip(lhs, ops).map { try expand($0.0, rank: $0.1.rank) }
        var dims: [Character: Int] = [:]
        for (term, t) in zip(terms, ops) {
            guard term.count == t.rank else { throw RuntimeError.node(node, "term '\(String(term))' does not match rank \(t.rank)") }
            for (c, d) in zip(term, t.shape) {
                if let e = dims[c], e != d {
                    if e == 1 { dims[c] = d } else if d != 1 { throw RuntimeError.node(node, "dimension '\(c)' is both \(e) and \(d)") }
                } else if dims[c] == nil { dims[c] = d }
            }
        }
        var outTerm: [Character]
        if parts.count == 2 {
            outTerm = try expand(parts[1], rank: ellRank + parts[1].replacingOccurrences(of: "...", with: "").count)
        } else {
            var counts: [Character: Int] = [:]
            for t in terms { for c in t where !ellLetters.contains(c) { counts[c, default: 0] += 1 } }
            outTerm = ellLetters + counts.filter { $0.value == 1 }.keys.sorted()
        }
        for c in outTerm where dims[c] == nil { throw RuntimeError.node(node, "output letter '\(c)' is not in any input") }
        let sumLetters = Array(Set(terms.joined()).subtracting(outTerm)).sorted()
        let all = outTerm + sumLetters
        let sizes = all.map { dims[$0] ?? 1 }
        let values = try ops.map { t -> [Double] in
            guard let v = t.isFloatLike ? Double.elements(of: t) : t.asDoubles() else { throw RuntimeError.node(node, "element type \(t.dataType) is not supported") }
            return v
        }
        // Per operand: stride of each letter in `all` (0 for broadcast size-1 dims).
        let opStrides: [[Int]] = zip(terms, ops).map { term, t in
            let st = Tensor.strides(t.shape)
            return all.map { c in
                var s = 0
                for (k, tc) in term.enumerated() where tc == c && t.shape[k] != 1 { s += st[k] }
                return s
            }
        }
        let outCount = Tensor.elementCount(Array(sizes[..<outTerm.count]))
        let sumCount = Tensor.elementCount(Array(sizes[outTerm.count...]))
        var out = [Double](repeating: 0, count: outCount)
        var idx = [Int](repeating: 0, count: all.count)
        for o in 0..<outCount {
            var r = o
            for k in stride(from: outTerm.count - 1, through: 0, by: -1) { idx[k] = r % sizes[k]; r /= sizes[k] }
            var acc = 0.0
            for s in 0..<sumCount {
                var q = s
                for k in stride(from: all.count - 1, through: outTerm.count, by: -1) { idx[k] = q % sizes[k]; q /= sizes[k] }
                var prod = 1.0
                for (j, v) in values.enumerated() {
                    var off = 0
                    for k in 0..<all.count { off += idx[k] * opStrides[j][k] }
                    prod *= v[off]
                }
                acc += prod
            }
            out[o] = acc
        }
        let shape = Array(sizes[..<outTerm.count])
        let dt = ops[0].dataType
        if ops[0].isFloatLike { return [Double.tensor(out, shape: shape, as: dt)] }
        return [try Cast.convert(Tensor(uncheckedType: .double, shape: shape, storage: .double(out)), to: dt)]
    }
}
