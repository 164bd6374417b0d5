import OnnxFormat

/// ScatterElements: a copy of `data` with `updates` written at the positions that
/// `indices` gives along `axis` (ai.onnx ScatterElements, opsets 11-18; `reduction`
/// none/add/mul from 16, max/min from 18). Every index is bounds-checked.
struct ScatterElements: Operator {
    let node: NodeInfo
    let axis: Int
    let reduction: String
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: 0)
        reduction = try node.string("reduction", default: "none")
        guard ["none", "add", "mul", "max", "min"].contains(reduction) else {
            throw RuntimeError.node(node, "unknown reduction '\(reduction)'")
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let data = try node.required(inputs, 0), indices = try node.required(inputs, 1), updates = try node.required(inputs, 2)
        guard updates.shape == indices.shape else {
            throw RuntimeError.node(node, "updates shape \(updates.shape) differs from indices shape \(indices.shape)")
        }
        let positions = try GatherElements.offsets(node, shape: data.shape, indices: indices, axis: axis)
        return [try ScatterKernel.scatter(data, updates, positions: positions, reduction: reduction)]
    }
}

extension ScatterElements: PreservesInputType {}
