import OnnxFormat

/// Reshape, Squeeze, Unsqueeze and Flatten only relabel the dimensions of a row-major
/// buffer, so:
/// - one whose output shape equals its input shape (as static inference knows them:
///   fixed sizes, or the same symbol) is removed;
/// - two in a row, the first read only by the second, become one Reshape of the first's
///   input to the second's output shape, when that shape is fixed except for at most one
///   dimension (written -1, and no fixed 0 beside it, which -1 could not resolve).
struct ReshapeElimination: OptimizationPass {
    let name = "remove-reshapes"

    static let family: Set<String> = ["Reshape", "Squeeze", "Unsqueeze", "Flatten"]

    static func isReshape(_ n: Onnx_NodeProto) -> Bool {
        (n.domain.isEmpty || n.domain == "ai.onnx") && family.contains(n.opType) && n.output.count == 1
    }

    /// Dimensions that are certainly equal at run time.
    static func sameShape(_ a: [ValueType.Dim]?, _ b: [ValueType.Dim]?) -> Bool {
        guard let a, let b, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            switch (x, y) {
            case (.fixed(let p), .fixed(let q)): return p == q
            case (.symbol(let s), .symbol(let t)): return s == t
            default: return false
            }
        }
    }

    func run(_ g: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String] {
        let uses = g.uses(), producers = g.producers()
        var done: [String] = []
        var removed = Set<Int>()
        var touched = Set<Int>()
        for i in g.nodes.indices where Self.isReshape(g.nodes[i]) {
            let n = g.nodes[i]
            guard let x = n.input.first, !x.isEmpty, let y = n.output.first, !y.isEmpty else { continue }
            let tx = facts.types[x], ty = facts.types[y]
            guard let dt = ty?.dataType, tx?.dataType == dt else { continue }
            if Self.sameShape(tx?.shape, ty?.shape) {
                if g.bypass(i, input: x, output: y) {
                    removed.insert(i)
                    touched.insert(i)
                    done.append(n.name.isEmpty ? n.opType : n.name)
                }
                continue
            }
            // A chain: the producer of x is another reshape read only by this node.
            guard let p = producers[x], !touched.contains(p), !removed.contains(p), Self.isReshape(g.nodes[p]),
                  g.soleReader(x, uses) == i, let source = g.nodes[p].input.first, !source.isEmpty,
                  (g.opsets[""] ?? 1) >= 5, let target = Self.target(ty?.shape) else { continue }
            // A 0 in the target means "copy" unless allowzero, which needs opset 14.
            if target.contains(0) && (g.opsets[""] ?? 1) < 14 { continue }
            let shapeName = g.addConstant(Tensor(shape: [target.count], int64s: target), hint: "\(y)_shape")
            var r = Onnx_NodeProto()
            r.opType = "Reshape"
            r.name = Onnx_NodeProto.fusedName([g.nodes[p], n])
            r.input = [source, shapeName]
            r.output = [y]
            if target.contains(0) { r.attribute = [.int("allowzero", 1)] }
            g.nodes[i] = r
            removed.insert(p)
            touched.formUnion([i, p])
            done.append(r.name)
        }
        g.remove(removed)
        return done
    }

    /// The Reshape target for `shape`: fixed sizes, at most one -1, no 0 beside a -1.
    static func target(_ shape: [ValueType.Dim]?) -> [Int64]? {
        guard let shape else { return nil }
        let open = shape.filter { $0.value == nil }.count
        guard open <= 1 else { return nil }
        if open == 1, shape.contains(.fixed(0)) { return nil }
        return shape.map { $0.value.map(Int64.init) ?? -1 }
    }
}
