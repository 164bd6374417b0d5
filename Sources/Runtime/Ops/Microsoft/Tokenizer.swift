import Foundation
import OnnxFormat

/// Tokenizer: splits each string of X into tokens (onnxruntime contrib op com.microsoft
/// Tokenizer, version 1; skl2onnx emits it for CountVectorizer/TfidfVectorizer).
///
/// X is a string tensor [C] or [N, C]; Y is X.shape + [T], T the largest token count, rows
/// padded with `pad_value` (required). Attributes, by name:
/// - `mark` (int, required): when nonzero each row starts with "\u{02}" and its tokens are
///   followed by "\u{03}" (pads come after the end mark); T counts both marks.
/// - `mincharnum` (int, required, > 0): tokens with fewer Unicode scalars are dropped.
/// - `separators` (strings): regular expressions applied in order: every token so far is
///   split at each match of the next one (an empty match drops the character it sits on).
///   `[""]` means one token per Unicode scalar (then `mincharnum` must be 1).
/// - `tokenexp` (string): used when `separators` is absent: the tokens are the successive
///   matches of this expression (`"."`: one token per scalar).
/// If every row has no token (marks aside) T is 0 and Y is X.shape + [0]; an empty X gives
/// [0] for a [0] input and [N, 0] for an [N, C] input with N·C = 0, as onnxruntime does.
/// onnxruntime compiles the expressions with RE2; we use Foundation's NSRegularExpression
/// (ICU), which agrees on the subset skl2onnx writes (e.g. `[a-zA-Z0-9_]+`, escaped
/// punctuation separators). Searches after the start of a string see the text before them
/// for `\b` but `^` matches only at its start, as RE2's Match does.
struct Tokenizer: Operator {
    enum Mode { case chars, separators([NSRegularExpression]), expression(NSRegularExpression) }
    let node: NodeInfo
    let mark: Bool
    let padValue: String
    let minChars: Int
    let mode: Mode

    init(_ node: NodeInfo) throws {
        self.node = node
        guard let m = try node.int("mark") else { throw RuntimeError.node(node, "attribute 'mark' is required") }
        mark = m != 0
        guard node.attributes["pad_value"] != nil else { throw RuntimeError.node(node, "attribute 'pad_value' is required") }
        padValue = try node.string("pad_value", default: "")
        guard let mc = try node.int("mincharnum") else { throw RuntimeError.node(node, "attribute 'mincharnum' is required") }
        guard mc > 0 else { throw RuntimeError.node(node, "attribute 'mincharnum' must be positive, got \(mc)") }
        minChars = mc
        func compile(_ p: String, _ what: String) throws -> NSRegularExpression {
            do { return try NSRegularExpression(pattern: p) } catch {
                throw RuntimeError.node(node, "attribute '\(what)' = '\(p)' is not a valid regular expression")
            }
        }
        if let seps = node.strings("separators") {
            guard !seps.isEmpty else { throw RuntimeError.node(node, "attribute 'separators' must not be empty") }
            if seps == [""] {
                mode = .chars
            } else {
                mode = .separators(try seps.map { s in
                    guard !s.isEmpty else { throw RuntimeError.node(node, "attribute 'separators' holds an empty string") }
                    return try compile(s, "separators")
                })
            }
        } else if node.attributes["tokenexp"] != nil {
            let exp = try node.string("tokenexp", default: "")
            guard !exp.isEmpty else { throw RuntimeError.node(node, "attribute 'tokenexp' must not be empty") }
            mode = exp == "." ? .chars : .expression(try compile(exp, "tokenexp"))
        } else {
            throw RuntimeError.node(node, "one of the attributes 'separators' or 'tokenexp' is required")
        }
        if case .chars = mode, minChars > 1 {
            throw RuntimeError.node(node, "attribute 'mincharnum' = \(minChars) is too big for character tokenization")
        }
    }

    static let searchOptions: NSRegularExpression.MatchingOptions = [.withTransparentBounds, .withoutAnchoringBounds]

    /// The UTF-16 length of the scalar starting at `i`.
    static func scalarLength(_ s: NSString, _ i: Int) -> Int {
        guard i + 1 < s.length else { return 1 }
        let c = s.character(at: i)
        return (0xD800...0xDBFF).contains(c) ? 2 : 1
    }

    func keep(_ t: String) -> Bool { t.unicodeScalars.count >= minChars }

    /// `text` split at every match of `re`, pieces shorter than `minChars` dropped.
    func split(_ text: String, _ re: NSRegularExpression) -> [String] {
        let ns = text as NSString
        let end = ns.length
        var start = 0
        var out: [String] = []
        while start <= end,
              let m = re.firstMatch(in: text, options: Self.searchOptions, range: NSRange(location: start, length: end - start)) {
            let piece = ns.substring(with: NSRange(location: start, length: m.range.location - start))
            if keep(piece) { out.append(piece) }
            start = m.range.location + (m.range.length > 0 ? m.range.length : Self.scalarLength(ns, m.range.location))
            if m.range.length == 0 && m.range.location >= end { return out }
        }
        if start < end {
            let piece = ns.substring(from: start)
            if keep(piece) { out.append(piece) }
        }
        return out
    }

    /// The successive matches of `re` in `text` with at least `minChars` scalars.
    func matches(_ text: String, _ re: NSRegularExpression) -> [String] {
        let ns = text as NSString
        let end = ns.length
        var start = 0
        var out: [String] = []
        while start <= end,
              let m = re.firstMatch(in: text, options: Self.searchOptions, range: NSRange(location: start, length: end - start)) {
            let token = ns.substring(with: m.range)
            if keep(token) { out.append(token) }
            if m.range.length > 0 {
                start = m.range.location + m.range.length
            } else {
                if m.range.location >= end { break }
                start = m.range.location + Self.scalarLength(ns, m.range.location)
            }
        }
        return out
    }

    func tokens(_ s: String) -> [String] {
        switch mode {
        case .chars: return s.unicodeScalars.map { String($0) }
        case .separators(let seps):
            var parts = [s]
            for re in seps { parts = parts.flatMap { split($0, re) } }
            return parts
        case .expression(let re): return matches(s, re)
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard case .string(let s) = x.storage else { throw RuntimeError.node(node, "X must be a string tensor") }
        guard x.shape.count == 1 || x.shape.count == 2 else {
            throw RuntimeError.node(node, "X must have shape [C] or [N, C], got \(x.shape)")
        }
        if s.isEmpty {
            let shape = x.shape.count == 2 ? [x.shape[0], 0] : [0]
            return [Tensor(uncheckedType: .string, shape: shape, storage: .string([]))]
        }
        let rows = s.map(tokens)
        let longest = rows.map(\.count).max() ?? 0
        if longest == 0 {
            return [Tensor(uncheckedType: .string, shape: x.shape + [0], storage: .string([]))]
        }
        let width = longest + (mark ? 2 : 0)
        var out: [String] = []
        out.reserveCapacity(rows.count * width)
        for row in rows {
            if mark { out.append("\u{02}") }
            out.append(contentsOf: row)
            if mark { out.append("\u{03}") }
            out.append(contentsOf: repeatElement(padValue, count: longest - row.count))
        }
        return [Tensor(uncheckedType: .string, shape: x.shape + [width], storage: .string(out))]
    }
}

extension Tokenizer: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        // An empty X gives a rank that is not X's + 1 (see above): the shape is left open.
        [ValueType(.string, nil)]
    }
}
