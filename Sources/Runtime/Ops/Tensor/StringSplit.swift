import OnnxFormat

/// StringSplit: splits each string at `delimiter` (ai.onnx StringSplit, opset 20+), as
/// Python's str.split: without a delimiter (absent or empty) at runs of whitespace,
/// ignoring leading and trailing whitespace; at most `maxsplit` splits when given. Y is
/// X.shape + [longest split count], padded with empty strings; Z (int64, X.shape) holds
/// each string's count.
struct StringSplit: Operator {
    let node: NodeInfo
    let delimiter: String?
    let maxsplit: Int?
    init(_ node: NodeInfo) throws {
        self.node = node
        let d = try node.string("delimiter", default: "")
        delimiter = d.isEmpty ? nil : d
        maxsplit = try node.int("maxsplit")
    }

    static func split(_ s: String, _ sep: String?, _ maxsplit: Int?) -> [String] {
        var limit = maxsplit ?? Int.max
        if limit < 0 { limit = Int.max }
        guard let sep else {
            var parts: [String] = []
            var rest = Substring(s)
            while true {
                rest = rest.drop(while: { $0.isWhitespace })
                if rest.isEmpty { break }
                if parts.count == limit { parts.append(String(rest)); break }
                let word = rest.prefix(while: { !$0.isWhitespace })
                parts.append(String(word))
                rest = rest.dropFirst(word.count)
            }
            return parts
        }
        var parts: [String] = []
        var rest = Substring(s)
        while parts.count < limit, let r = rest.range(of: sep) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard case .string(let s) = x.storage else { throw RuntimeError.node(node, "X must be a string tensor") }
        let parts = s.map { Self.split($0, delimiter, maxsplit) }
        let width = parts.map(\.count).max() ?? 0
        var out: [String] = []
        out.reserveCapacity(s.count * width)
        for p in parts { out.append(contentsOf: p); out.append(contentsOf: repeatElement("", count: width - p.count)) }
        return [Tensor(uncheckedType: .string, shape: x.shape + [width], storage: .string(out)),
                Tensor(uncheckedType: .int64, shape: x.shape, storage: .int64(parts.map { Int64($0.count) }))]
    }
}

extension StringSplit: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let s = inputs.at(0)?.shape
        return [ValueType(.string, s.map { $0 + [.unknown] }), ValueType(.int64, s)]
    }
}
