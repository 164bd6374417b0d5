import OnnxFormat

/// ArrayFeatureExtractor: selects elements of the last axis of X by the int64 indices Y
/// (ai.onnx.ml ArrayFeatureExtractor, opset 1). Output [..., len(Y)]; a 1-D X gives
/// [1, len(Y)] (as onnxruntime and onnx.reference do). Any element type, strings included.
struct ArrayFeatureExtractor: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), y = try node.required(inputs, 1)
        guard let idx = y.asInt64s(), y.dataType == .int64 || y.dataType == .int32 else {
            throw RuntimeError.node(node, "Y must be an int64 tensor, got \(y.dataType)")
        }
        guard x.rank >= 1 else { throw RuntimeError.node(node, "X must have at least one dimension") }
        let last = x.shape[x.rank - 1]
        let outer = last == 0 ? 0 : x.count / last
        var picks: [Int] = []
        picks.reserveCapacity(idx.count)
        for i in idx {
            guard i >= 0, i < last else {
                throw RuntimeError.node(node, "index \(i) is out of range for the last axis of size \(last)")
            }
            picks.append(Int(i))
        }
        var flat: [Int] = []
        flat.reserveCapacity(outer * picks.count)
        for r in 0..<outer { for p in picks { flat.append(r * last + p) } }
        let shape = x.rank == 1 ? [1, picks.count] : Array(x.shape.dropLast()) + [picks.count]
        return [try node.wrap { try x.gathered(flat, shape: shape) }]
    }
}

extension ArrayFeatureExtractor: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType, nil)]
    }
}
