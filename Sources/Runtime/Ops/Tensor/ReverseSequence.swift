import OnnxFormat

/// ReverseSequence: for each batch entry b, reverses the first sequence_lens[b] elements
/// along `time_axis` (ai.onnx ReverseSequence, opset 10+). Attributes time_axis (default 0)
/// and batch_axis (default 1), one 0 and the other 1. Any element type.
struct ReverseSequence: Operator {
    let node: NodeInfo
    let timeAxis: Int, batchAxis: Int
    init(_ node: NodeInfo) throws {
        self.node = node
        timeAxis = try node.int("time_axis", default: 0)
        batchAxis = try node.int("batch_axis", default: 1)
        guard Set([timeAxis, batchAxis]) == [0, 1] else {
            throw RuntimeError.node(node, "time_axis and batch_axis must be 0 and 1")
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let lens = try Index.ints(node.required(inputs, 1), node, "sequence_lens")
        guard x.rank >= 2, lens.count == x.shape[batchAxis] else {
            throw RuntimeError.node(node, "sequence_lens must have one entry per batch of \(x.shape)")
        }
        let st = Tensor.strides(x.shape)
        let T = x.shape[timeAxis]
        let inner = Tensor.elementCount(Array(x.shape[2...]))
        var idx = Array(0..<x.count)
        for b in 0..<lens.count {
            let l = lens[b]
            guard l >= 0, l <= T else { throw RuntimeError.node(node, "sequence length \(l) is out of range [0, \(T)]") }
            for t in 0..<l {
                let src = T - 1 - (T - l) - t   // l - 1 - t
                for i in 0..<inner {
                    idx[b * st[batchAxis] + t * st[timeAxis] + i] = b * st[batchAxis] + src * st[timeAxis] + i
                }
            }
        }
        return [try x.gathered(idx, shape: x.shape)]
    }
}

extension ReverseSequence: PreservesInputType {}
