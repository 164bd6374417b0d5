import OnnxFormat

/// MatMul of two matrices followed by Add of a constant bias becomes one Gemm
/// (Y = A * B + C, C broadcast along the rows), as a Linear layer exported through
/// MatMul + Add computes it.
///
/// Conditions: A and B have rank 2 (Gemm's inputs are matrices; batched MatMul is left
/// alone), float32 or float64; the MatMul's output is read by the Add only; the bias is
/// constant with shape [N] or [1, N], N being B's column count.
struct MatMulAddFusion: OptimizationPass {
    let name = "fuse-matmul-add"

    func run(_ g: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String] {
        guard (g.opsets[""] ?? 1) >= 7 else { return [] }  // Gemm broadcasts C from opset 7
        let uses = g.uses()
        var done: [String] = []
        var removed = Set<Int>()
        var touched = Set<Int>()
        for i in g.nodes.indices where g.nodes[i].isOnnx("MatMul") && !touched.contains(i) {
            let mm = g.nodes[i]
            guard mm.input.count == 2, mm.output.count == 1, let v = mm.output.first, !v.isEmpty,
                  let ta = facts.types[mm.input[0]], let tb = facts.types[mm.input[1]],
                  ta.rank == 2, tb.rank == 2, let dt = ta.dataType, dt == .float || dt == .double, tb.dataType == dt,
                  let n = tb.shape?[1].value,
                  let r = g.soleReader(v, uses), !touched.contains(r), g.nodes[r].isOnnx("Add") else { continue }
            let add = g.nodes[r]
            guard add.input.count == 2, add.output.count == 1, let c = add.input.first(where: { $0 != v }),
                  add.input.contains(v), let bias = facts.constant(c, g), bias.dataType == dt,
                  bias.shape == [n] || bias.shape == [1, n] else { continue }
            var gemm = Onnx_NodeProto()
            gemm.opType = "Gemm"
            gemm.name = Onnx_NodeProto.fusedName([mm, add])
            gemm.input = [mm.input[0], mm.input[1], c]
            gemm.output = add.output
            g.nodes[r] = gemm
            removed.insert(i)
            touched.formUnion([i, r])
            done.append(gemm.name)
        }
        g.remove(removed)
        return done
    }
}
