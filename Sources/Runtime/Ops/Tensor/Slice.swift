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

    /// The first index and the element count of `start..<end` by `step` (not 0) on an
    /// axis of size `dim`, with the spec's clamping.
    static func clamp(start: Int, end: Int, step: Int, dim: Int) -> (start: Int, count: Int) {
        var s = start, e = end
        if s < 0 { s = s &+ dim }
        if e < 0 { e = e &+ dim }
        if step > 0 {
            s = min(max(s, 0), dim); e = min(max(e, 0), dim)
            return (s, e > s ? (e - s - 1) / step + 1 : 0)
        }
        s = min(max(s, 0), dim - 1); e = min(max(e, -1), dim - 1)
        return (s, s > e ? (s - e - 1) / (-step) + 1 : 0)
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
            let (s, count) = Slice.clamp(start: starts[i], end: ends[i], step: step, dim: dim)
            shape[ax] = count
            strides[ax] = inStrides[ax] * step
            if count > 0 { offset += s * inStrides[ax] }
        }
        return [x.with(shape: shape, storage: try x.storage.map(StridedCopy(shape: shape, strides: strides, offset: offset)))]
    }
}

extension Slice: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let shape = x?.shape else { return [ValueType(x?.dataType, nil)] }
        let rankOnly = ValueType(x?.dataType, shape.map { _ in .unknown })
        let starts: [Int]?, ends: [Int]?, axesIn: [Int]?, steps: [Int]?
        if let attrStarts, let attrEnds {
            starts = attrStarts; ends = attrEnds; axesIn = attrAxes; steps = nil
        } else {
            starts = try ShapeInference.ints(constants, 1, node, "starts")
            ends = try ShapeInference.ints(constants, 2, node, "ends")
            if node.hasInput(3) {
                guard let a = try ShapeInference.ints(constants, 3, node, "axes") else { return [rankOnly] }
                axesIn = a
            } else {
                axesIn = nil
            }
            steps = try ShapeInference.ints(constants, 4, node, "steps")
        }
        // Without axes, starts' length says how many leading axes are sliced.
        guard let n = starts?.count ?? ends?.count ?? inputs.at(1)?.shape.flatMap({ $0.count == 1 ? $0[0].value : nil })
        else { return [rankOnly] }
        let axes = try Index.axes(axesIn ?? Array(0..<n), rank: shape.count, node)
        var out = shape
        guard let starts, let ends, steps != nil || !node.hasInput(4) else {
            for a in axes { out[a] = .unknown }
            return [ValueType(x?.dataType, out)]
        }
        let st = steps ?? [Int](repeating: 1, count: starts.count)
        guard ends.count == starts.count, axes.count == starts.count, st.count == starts.count else {
            throw RuntimeError.node(node, "starts, ends, axes and steps must have the same length")
        }
        for i in 0..<axes.count {
            let ax = axes[i], step = max(st[i], -Int.max)
            guard step != 0 else { throw RuntimeError.node(node, "step must not be 0") }
            if let dim = shape[ax].value {
                out[ax] = .fixed(Slice.clamp(start: starts[i], end: ends[i], step: step, dim: dim).count)
            } else if step == 1, starts[i] == 0, ends[i] >= Int(Int32.max) {
                out[ax] = shape[ax]   // the whole axis, x[0:]
            } else {
                out[ax] = .unknown
            }
        }
        return [ValueType(x?.dataType, out)]
    }
}
