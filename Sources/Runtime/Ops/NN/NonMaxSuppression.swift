import OnnxFormat

/// NonMaxSuppression: per batch and class, greedily selects boxes by descending score,
/// dropping those whose IoU with a selected box exceeds iou_threshold or whose score is not
/// above score_threshold (ai.onnx NonMaxSuppression, opsets 10-11). Inputs boxes [B, N, 4],
/// scores [B, C, N], optional max_output_boxes_per_class (default 0: none), iou_threshold
/// (default 0), score_threshold. Attribute center_point_box: 0 corners [y1, x1, y2, x2] in
/// either order, 1 [x_center, y_center, width, height]. Output int64 [K, 3] of
/// (batch, class, box).
struct NonMaxSuppression: Operator {
    let node: NodeInfo
    let centerPointBox: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        centerPointBox = try node.int("center_point_box", default: 0) != 0
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let bt = try node.required(inputs, 0), st = try node.required(inputs, 1)
        guard bt.rank == 3, bt.shape[2] == 4, st.rank == 3, st.shape[0] == bt.shape[0], st.shape[2] == bt.shape[1] else {
            throw RuntimeError.node(node, "boxes \(bt.shape) must be [B, N, 4] and scores \(st.shape) [B, C, N]")
        }
        let boxes = try node.elements(bt, Double.self, "boxes"), scores = try node.elements(st, Double.self, "scores")
        let maxOut = try node.optional(inputs, 2).map { try Index.ints($0, node, "max_output_boxes_per_class").first ?? 0 } ?? 0
        let iouT = try node.optional(inputs, 3).map { try node.elements($0, Double.self, "iou_threshold").first ?? 0 } ?? 0
        let scoreT = try node.optional(inputs, 4).map { try node.elements($0, Double.self, "score_threshold").first }
        let (B, N, C) = (bt.shape[0], bt.shape[1], st.shape[1])
        func corners(_ b: Int, _ i: Int) -> (Double, Double, Double, Double) {
            let o = (b * N + i) * 4
            let (p, q, r, s) = (boxes[o], boxes[o + 1], boxes[o + 2], boxes[o + 3])
            if centerPointBox { return (q - s / 2, p - r / 2, q + s / 2, p + r / 2) }   // y1, x1, y2, x2
            return (Swift.min(p, r), Swift.min(q, s), Swift.max(p, r), Swift.max(q, s))
        }
        func iou(_ a: (Double, Double, Double, Double), _ b: (Double, Double, Double, Double)) -> Double {
            let ih = Swift.max(0, Swift.min(a.2, b.2) - Swift.max(a.0, b.0)), iw = Swift.max(0, Swift.min(a.3, b.3) - Swift.max(a.1, b.1))
            let inter = ih * iw
            let union = (a.2 - a.0) * (a.3 - a.1) + (b.2 - b.0) * (b.3 - b.1) - inter
            return union <= 0 ? 0 : inter / union
        }
        var out: [Int64] = []
        guard maxOut > 0 else { return [Tensor(shape: [0, 3], int64s: [])] }
        for b in 0..<B {
            for c in 0..<C {
                let base = (b * C + c) * N
                var cand = (0..<N).filter { i in scoreT.map { scores[base + i] > ($0 ?? -.infinity) } ?? true }
                cand.sort { scores[base + $0] > scores[base + $1] || (scores[base + $0] == scores[base + $1] && $0 < $1) }
                var selected: [Int] = []
                for i in cand {
                    if selected.count >= maxOut { break }
                    let bi = corners(b, i)
                    if selected.allSatisfy({ iou(corners(b, $0), bi) <= iouT }) { selected.append(i) }
                }
                for i in selected { out += [Int64(b), Int64(c), Int64(i)] }
            }
        }
        return [Tensor(shape: [out.count / 3, 3], int64s: out)]
    }
}

extension NonMaxSuppression: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { [ValueType(.int64, [.unknown, .fixed(3)])] }
}
