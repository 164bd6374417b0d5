import OnnxFormat

/// StringNormalizer: removes stop words and changes case (ai.onnx StringNormalizer, opset
/// 10+). X is [C] or [1, C]; elements equal to one of `stopwords` (compared after lower-
/// casing both unless `is_case_sensitive`, default 0) are dropped, then
/// `case_change_action` ("NONE", "LOWER", "UPPER"; default NONE) applies, with Swift's
/// Unicode case mapping (the backend cases assume an en_US.UTF-8 locale). When nothing
/// remains the output is one empty string.
struct StringNormalizer: Operator {
    let node: NodeInfo
    let action: String
    let caseSensitive: Bool
    let stopwords: [String]
    init(_ node: NodeInfo) throws {
        self.node = node
        action = try node.string("case_change_action", default: "NONE")
        guard ["NONE", "LOWER", "UPPER"].contains(action) else {
            throw RuntimeError.node(node, "attribute 'case_change_action' = '\(action)' must be NONE, LOWER or UPPER")
        }
        caseSensitive = try node.int("is_case_sensitive", default: 0) != 0
        stopwords = node.strings("stopwords") ?? []
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard case .string(let s) = x.storage, x.rank == 1 || (x.rank == 2 && x.shape[0] == 1) else {
            throw RuntimeError.node(node, "X must be a string tensor of shape [C] or [1, C], got \(x.dataType)\(x.shape)")
        }
        let stops = Set(caseSensitive ? stopwords : stopwords.map { $0.lowercased() })
        var kept = s.filter { !stops.contains(caseSensitive ? $0 : $0.lowercased()) }
        switch action {
        case "LOWER": kept = kept.map { $0.lowercased() }
        case "UPPER": kept = kept.map { $0.uppercased() }
        default: break
        }
        if kept.isEmpty { kept = [""] }
        let shape = x.rank == 2 ? [1, kept.count] : [kept.count]
        return [Tensor(uncheckedType: .string, shape: shape, storage: .string(kept))]
    }
}

extension StringNormalizer: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let r = inputs.at(0)?.rank
        return [ValueType(.string, r == 2 ? [.fixed(1), .unknown] : (r == 1 ? [.unknown] : nil))]
    }
}
