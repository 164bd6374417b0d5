import OnnxFormat

/// CenterCropPad: crops or zero-pads each of `axes` (default all) around the center to the
/// size given by input `shape` (ai.onnx CenterCropPad, opset 18+); an odd difference puts
/// the extra element at the end. Any numeric element type.
struct CenterCropPad: Operator {
    let node: NodeInfo
    let axes: [Int]?
    init(_ node: NodeInfo) throws {
        self.node = node
        axes = try node.ints("axes")
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let sizes = try Index.ints(node.required(inputs, 1), node, "shape")
        let ax = try Index.axes(axes ?? Array(0..<x.rank), rank: x.rank, node)
        guard sizes.count == ax.count, sizes.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.node(node, "shape must give one non-negative size per axis (\(ax.count))")
        }
        var outShape = x.shape
        var sources = x.shape.map { Array(0..<$0) }
        for (a, sh) in zip(ax, sizes) {
            let dim = x.shape[a]
            outShape[a] = sh
            if sh < dim {
                let c0 = (dim - sh) / 2
                sources[a] = (0..<sh).map { $0 + c0 }
            } else if sh > dim {
                let p0 = (sh - dim) / 2
                sources[a] = (0..<sh).map { o in o - p0 >= 0 && o - p0 < dim ? o - p0 : -1 }
            }
        }
        let map = Index.product(sources, inputShape: x.shape)
        return [try x.gathered(map, shape: outShape, fill: Tensor.zeros(x.dataType, shape: [1]))]
    }
}
