import OnnxFormat

/// Shape: the input's shape as a 1-D int64 tensor (ai.onnx Shape, opsets 1-21); from
/// opset 15 `start` (default 0) and `end` (default: rank) select a clamped range of axes.
struct Shape: Operator {
    let node: NodeInfo
    let start: Int, end: Int?
    init(_ node: NodeInfo) throws {
        self.node = node
        start = node.opset >= 15 ? try node.int("start", default: 0) : 0
        end = node.opset >= 15 ? try node.int("end") : nil
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let r = x.rank
        func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + r : v, 0), r) }
        let s = clamp(start), e = clamp(end ?? r)
        let dims = s < e ? x.shape[s..<e].map { Int64($0) } : []
        return [Tensor(shape: [dims.count], int64s: dims)]
    }
}

extension Shape: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        guard let r = inputs.at(0)?.rank else { return [ValueType(.int64, [.unknown])] }
        func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + r : v, 0), r) }
        return [ValueType(.int64, fixed: [max(clamp(end ?? r) - clamp(start), 0)])]
    }
}
