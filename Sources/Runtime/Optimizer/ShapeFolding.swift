import OnnxFormat

/// Shape and Size of a value whose shape static inference knows become constants.
///
/// Dynamo exports compute reshape targets at run time (Shape -> Gather -> Concat ->
/// Reshape); once Shape is a constant, the chain after it is all-constant and
/// `ConstantFolding` evaluates it with the runtime's own operators. Only the dimensions
/// Shape selects must be fixed (opset 15's start/end), so [batch, 512, 7, 7] still gives
/// a constant for `Shape(start=1)`.
struct ShapeFolding: OptimizationPass {
    let name = "fold-shapes"

    func run(_ g: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String] {
        var done: [String] = []
        var removed = Set<Int>()
        for (i, n) in g.nodes.enumerated() where n.isOnnx("Shape") || n.isOnnx("Size") {
            guard let x = n.input.first, let out = n.output.first, !out.isEmpty, !g.graphOutputs.contains(out),
                  let dims = facts.types[x]?.shape else { continue }
            let value: Tensor
            if n.opType == "Size" {
                guard let s = ValueType(nil, dims).fixedShape else { continue }
                value = Tensor.scalar(Int64(Tensor.elementCount(s)))
            } else {
                // start/end (opset 15): negative counts from the end, both clamped to [0, rank].
                let r = dims.count
                func clamp(_ v: Int64) -> Int { let k = Int(clamping: v); return max(0, min(r, k < 0 ? k + r : k)) }
                let start = clamp(n.intAttribute("start", default: 0))
                let end = n.attribute("end").map { clamp($0.i) } ?? r
                let picked = start < end ? Array(dims[start..<end]) : []
                guard let s = ValueType(nil, picked).fixedShape else { continue }
                value = Tensor(shape: [s.count], int64s: s.map(Int64.init))
            }
            g.constants[out] = value
            g.constantOrder.append(out)
            removed.insert(i)
            done.append(n.name.isEmpty ? "\(n.opType)(\(x))" : n.name)
        }
        g.remove(removed)
        return done
    }
}
