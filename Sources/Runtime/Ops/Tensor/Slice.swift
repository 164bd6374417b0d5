import OnnxFormat

/// Slice: takes `starts`..<`ends` by `steps` along `axes` (ai.onnx Slice, opsets 1-13).
/// Before opset 10 starts/ends/axes are attributes; from 10 they are inputs 1-4 (steps
/// optional, may be negative). Out-of-range bounds clamp as in the spec (INT64_MAX means
/// "to the end"). Any element type.
struct Slice: Operator {
    let node: NodeInfo
    let attrStarts: [Int]?, attrEnds: [Int]?, attrAxes: [Int]?
    init(_ node: NodeInfo) throws {
        self.node = node
        if node.opset < 10 {
            guard let s = try node.ints("starts"), let e = try node.ints("ends") else {
                throw RuntimeError.node(node, "attributes 'starts' and 'ends' are required")
            }
            attrStarts = s; attrEnds = e; attrAxes = try node.ints("axes")
        } else {
            attrStarts = nil; attrEnds = nil; attrAxes = nil
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let starts: [Int], ends: [Int], axesIn: [Int]?, steps: [Int]?
        if let attrStarts, let attrEnds {
            starts = attrStarts; ends = attrEnds; axesIn = attrAxes; steps = nil
        } else {
            starts = try Index.ints(node.required(inputs, 1), node, "starts")
            ends = try Index.ints(node.required(inputs, 2), node, "ends")
            axesIn = try node.optional(inputs, 3).map { try Index.ints($0, node, "axes") }
            steps = try node.optional(inputs, 4).map { try Index.ints($0, node, "steps") }
        }
        let axes = try Index.axes(axesIn ?? Array(0..<starts.count), rank: x.rank, node)
        let st = steps ?? [Int](repeating: 1, count: starts.count)
        guard ends.count == starts.count, axes.count == starts.count, st.count == starts.count else {
            throw RuntimeError.node(node, "starts, ends, axes and steps must have the same length")
        }
        var shape = x.shape
        let inStrides = Tensor.strides(x.shape)
        var strides = inStrides
        var offset = 0
        for i in 0..<axes.count {
            let ax = axes[i], dim = x.shape[ax], step = max(st[i], -Int.max)
            guard step != 0 else { throw RuntimeError.node(node, "step must not be 0") }
            var s = starts[i], e = ends[i]
            if s < 0 { s += dim }
            if e < 0 { e += dim }
            let count: Int
            if step > 0 {
                s = min(max(s, 0), dim); e = min(max(e, 0), dim)
                count = e > s ? (e - s - 1) / step + 1 : 0
            } else {
                s = min(max(s, 0), dim - 1); e = min(max(e, -1), dim - 1)
                count = s > e ? (s - e - 1) / (-step) + 1 : 0
            }
            shape[ax] = count
            strides[ax] = inStrides[ax] * step
            if count > 0 { offset += s * inStrides[ax] }
        }
        return [x.with(shape: shape, storage: try x.storage.map(StridedCopy(shape: shape, strides: strides, offset: offset)))]
    }
}
