import Foundation

/// The list, under version control, of the backend cases expected to pass
/// (tract's `node.txt` is the model). The text format:
///
/// ```
/// # any comment
/// test_abs                        <- a case that must pass (its id, one per line)
/// # test_attention_3d: unsupported: unsupported ops: Attention x1
///                                 <- a case left out, with its one-line reason
/// ```
///
/// A left-out line is a comment whose first word, before a colon, is a case id: it starts
/// with `test_` or `light_`, or names a suite (`simple/test_...`). Every other comment is
/// free text. Ids are case names for the node suite and `suite/name` for the others.
public struct ConformanceManifest: Sendable, Equatable {
    /// Cases that must pass, in file order.
    public var passing: [String]
    /// Cases left out, with their reasons.
    public var leftOut: [String: String]

    public init(passing: [String] = [], leftOut: [String: String] = [:]) {
        self.passing = passing
        self.leftOut = leftOut
    }

    /// Parses manifest text; malformed lines (an id with spaces) are errors naming the line.
    public init(text: String, file: String = "manifest") throws {
        var passing: [String] = [], seen = Set<String>(), leftOut: [String: String] = [:]
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let body = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if let colon = body.firstIndex(of: ":") {
                    let id = String(body[..<colon])
                    if Self.looksLikeId(id) {
                        leftOut[id] = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    }
                }
                continue
            }
            guard !line.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw ConformanceError("\(file):\(k + 1): '\(line)' is not a case id (one id per line; comments start with #)")
            }
            if seen.insert(line).inserted { passing.append(line) }
        }
        self.passing = passing
        self.leftOut = leftOut.filter { !seen.contains($0.key) }
    }

    /// Reads a manifest file.
    public static func load(_ path: String) throws -> ConformanceManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConformanceError("\(path): no such manifest file")
        }
        return try ConformanceManifest(text: String(decoding: data, as: UTF8.self), file: path)
    }

    static func looksLikeId(_ s: String) -> Bool {
        guard !s.isEmpty, !s.contains(" ") else { return false }
        if s.hasPrefix("test_") || s.hasPrefix("light_") { return true }
        guard let slash = s.firstIndex(of: "/") else { return false }
        return ConformanceSuite(rawValue: String(s[..<slash])) != nil
    }

    /// The suite of a case id.
    public static func suite(of id: String) -> ConformanceSuite {
        if let slash = id.firstIndex(of: "/"), let s = ConformanceSuite(rawValue: String(id[..<slash])) { return s }
        return .node
    }

    /// The manifest updated from a run: cases that passed are listed; those that did not
    /// are left out, keeping an existing reason, else with the run's status and message.
    /// Cases the run did not include keep their entries, except that when the run covered
    /// the whole of `completeSuites`, their cases no longer in the data are dropped.
    public func updated(with results: [ConformanceResult], completeSuites: [ConformanceSuite] = []) -> ConformanceManifest {
        let ran = Set(results.map(\.id))
        func stale(_ id: String) -> Bool { completeSuites.contains(Self.suite(of: id)) && !ran.contains(id) }
        var passSet = Set(passing.filter { !stale($0) })
        var leftOut = self.leftOut.filter { !stale($0.key) }
        for r in results {
            if r.status == .pass {
                passSet.insert(r.id)
                leftOut[r.id] = nil
            } else {
                passSet.remove(r.id)
                if leftOut[r.id] == nil { leftOut[r.id] = Self.reason(r) }
            }
        }
        return ConformanceManifest(passing: passSet.sorted(), leftOut: leftOut)
    }

    /// A left-out reason from a result: "status: message", one line, at most 200 characters.
    public static func reason(_ r: ConformanceResult) -> String {
        var s = r.status.rawValue
        if let m = r.message, !m.isEmpty { s += ": " + m }
        s = s.replacingOccurrences(of: "\n", with: " ")
        return s.count > 200 ? String(s.prefix(197)) + "..." : s
    }

    /// The file text: a header, the passing ids sorted, then the left-out ones with reasons.
    public func render(header: [String] = []) -> String {
        var lines = header.map { "# " + $0 }
        if !lines.isEmpty { lines.append("") }
        lines += passing.sorted()
        if !leftOut.isEmpty {
            lines.append("")
            lines.append("# Left out, each with its reason (a case that starts passing is reported; move it up):")
            for id in leftOut.keys.sorted() {
                lines.append("# \(id): \(leftOut[id] ?? "")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Checks a run against the manifest. `complete` says the run covered every case of
    /// its suites (no filter), so a listed case that did not run is missing.
    public func check(_ results: [ConformanceResult], suites: [ConformanceSuite], complete: Bool) -> ConformanceManifestCheck {
        let byId = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let listed = Set(passing)
        var check = ConformanceManifestCheck()
        for id in passing {
            if let r = byId[id] {
                if r.status != .pass { check.regressions.append(.init(id: id, status: r.status, message: r.message)) }
            } else if complete, suites.contains(Self.suite(of: id)) {
                check.missing.append(id)
            }
        }
        for r in results {
            if r.status == .pass, !listed.contains(r.id) { check.newlyPassing.append(r.id) }
            if r.status != .pass, !listed.contains(r.id), leftOut[r.id] == nil { check.unlisted.append(r.id) }
        }
        return check
    }
}

/// A run checked against a manifest.
public struct ConformanceManifestCheck: Codable, Sendable, Equatable {
    public struct Regression: Codable, Sendable, Equatable {
        public var id: String
        public var status: ConformanceResult.Status
        public var message: String?
    }
    /// The manifest file, when one was given.
    public var path: String?
    /// Listed as passing, did not pass.
    public var regressions: [Regression] = []
    /// Listed as passing, not found in the data (the run covered the whole suite).
    public var missing: [String] = []
    /// Passed, not listed: the manifest can grow.
    public var newlyPassing: [String] = []
    /// Did not pass and has no entry at all: it needs a reason.
    public var unlisted: [String] = []

    /// Regressions and missing cases fail the run.
    public var failed: Bool { !regressions.isEmpty || !missing.isEmpty }
}
