import Foundation

/// How one conformance case ended.
public struct ConformanceResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable, Comparable {
        /// Every output of every data set matched.
        case pass
        /// The model ran, but an output has wrong numbers, shape, type or structure.
        case fail
        /// The runtime lacks what the case needs (an op, attribute, element type, opset,
        /// value kind), or the case's model cannot be obtained offline.
        case unsupported
        /// Anything else: a load or run error, a crash, a timeout.
        case error

        public static func < (a: Self, b: Self) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }
    }

    public var id: String
    public var suite: ConformanceSuite
    public var status: Status
    /// Why the case did not pass, in one line (nil for pass).
    public var message: String?
    /// The distinct op types of the case's graph and its subgraphs (`domain.Op` outside
    /// the default domain), sorted.
    public var ops: [String]
    /// The op(s) this outcome is charged to: the missing ops of an unsupported case, the
    /// op named in an error, else the op the case is named after, else all `ops`.
    public var blame: [String]
    /// For a failure: the worst element of the worst output.
    public var worst: OutputComparison?
    /// Data sets compared.
    public var dataSets: Int
    public var seconds: Double

    public init(id: String, suite: ConformanceSuite, status: Status, message: String?, ops: [String], blame: [String],
                worst: OutputComparison? = nil, dataSets: Int = 0, seconds: Double = 0) {
        self.id = id; self.suite = suite; self.status = status; self.message = message; self.ops = ops
        self.blame = blame; self.worst = worst; self.dataSets = dataSets; self.seconds = seconds
    }

    /// The case name without its suite prefix.
    public var name: String {
        guard suite != .node, id.hasPrefix(suite.rawValue + "/") else { return id }
        return String(id.dropFirst(suite.rawValue.count + 1))
    }
}

/// Which statuses and op charges an error message implies.
public enum ConformanceClassifier {
    /// Phrases by which the runtime and the readers say that they lack something (an op,
    /// attribute value, element type or value kind), as opposed to failing at it.
    public static let unsupportedPhrases = [
        "unsupported",                   // "unsupported ops: X x1, ...", "unsupported dtype"
        "not supported",                 // "attribute 'x' = 2 is not supported", "int16 is not supported"
        "unknown data type",             // a tensor file of an element type OnnxFormat lacks (INT2, ...)
        "is not an onnx element type",   // Cast/CastLike 'to' naming such a type
        "cannot convert",                // Cast between element types it does not implement
        "this op takes tensors",         // a sequence or optional fed to a tensor-only op
    ]

    /// Unsupported when the message says what is lacking (`unsupportedPhrases`), else error.
    public static func status(forError message: String) -> ConformanceResult.Status {
        let m = message.lowercased()
        return unsupportedPhrases.contains(where: m.contains) ? .unsupported : .error
    }

    /// The ops named by "unsupported ops: A x1, B x2".
    public static func missingOps(in message: String) -> [String] {
        guard let r = message.range(of: "unsupported ops: ") else { return [] }
        let list = message[r.upperBound...].prefix { $0 != "\n" && $0 != ";" }
        return list.split(separator: ",").compactMap { item in
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: " ")
            return parts.first.map(String.init)
        }
    }

    /// The innermost op named by "node 'n' (Op): ..." in a runtime error.
    public static func nodeOp(in message: String) -> String? {
        var found: String?
        var rest = Substring(message)
        while let r = rest.range(of: "node '") {
            rest = rest[r.upperBound...]
            guard let close = rest.range(of: "' ("), let end = rest[close.upperBound...].range(of: "):") else { continue }
            let op = rest[close.upperBound..<end.lowerBound]
            if !op.isEmpty, !op.contains(" ") { found = String(op) }
        }
        return found
    }

    /// The op a backend case is named after: the longest op of `ops` whose name, lower
    /// cased, starts the case name after `test_` with underscores removed.
    public static func namedOp(caseName: String, ops: [String]) -> String? {
        var n = caseName.lowercased()
        if n.hasPrefix("test_") { n.removeFirst(5) }
        n = n.replacingOccurrences(of: "_", with: "")
        return ops.filter { op in
            let bare = op.split(separator: ".").last.map(String.init) ?? op
            return n.hasPrefix(bare.lowercased())
        }.max { $0.count < $1.count }
    }

    /// The op(s) a case's outcome is charged to. `knownOps` (the runtime's op types) name
    /// the subject of a case whose graph does not hold it: a function's `_expanded` case.
    public static func blame(caseName: String, ops: [String], status: ConformanceResult.Status, message: String?,
                             knownOps: [String] = []) -> [String] {
        let named = namedOp(caseName: caseName, ops: ops) ?? namedOp(caseName: caseName, ops: knownOps)
        if status == .pass { return named.map { [$0] } ?? ops }
        if let message {
            let missing = missingOps(in: message)
            if !missing.isEmpty { return missing }
            if status != .fail, let op = nodeOp(in: message) { return [op] }
        }
        if let op = named { return [op] }
        if ops.isEmpty { return ["(unknown)"] }
        return ops
    }
}
