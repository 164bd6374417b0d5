import Foundation

/// The outcome of a `parity conformance` run: every case's result, the summary by status,
/// suite and op, and the manifest check. Every conformance reporter renders this type;
/// the JSON form has `schema` = "parity.conformance/1".
public struct ConformanceReport: Codable, Sendable {
    /// Counts by status.
    public struct Counts: Codable, Sendable, Equatable {
        public var pass = 0, fail = 0, unsupported = 0, error = 0
        public init() {}
        public var total: Int { pass + fail + unsupported + error }
        public mutating func add(_ s: ConformanceResult.Status) {
            switch s {
            case .pass: pass += 1
            case .fail: fail += 1
            case .unsupported: unsupported += 1
            case .error: error += 1
            }
        }
        public func count(_ s: ConformanceResult.Status) -> Int {
            switch s {
            case .pass: return pass
            case .fail: return fail
            case .unsupported: return unsupported
            case .error: return error
            }
        }
        public var passRate: Double { total == 0 ? 0 : Double(pass) / Double(total) }
    }

    /// The cases charged to one op.
    public struct OpTally: Codable, Sendable, Equatable {
        public var op: String
        public var counts: Counts
        public var nonPassing: Int { counts.total - counts.pass }
        /// Why its cases do not pass: the most common status with an example.
        public var reason: String?
    }

    public struct SuiteCounts: Codable, Sendable, Equatable {
        public var suite: ConformanceSuite
        public var counts: Counts
    }

    public var schema = "parity.conformance/1"
    public var tool = "parity \(ParityVersion.current)"
    public var suites: [ConformanceSuite]
    public var filter: String?
    public var workers: Int
    public var timeoutSeconds: Double
    public var seconds: Double
    /// The node-suite pass rate the project aims for.
    public var targetPassRate: Double
    public var perSuite: [SuiteCounts]
    public var counts: Counts
    /// Every op with at least one case, by non-passing cases then name.
    public var ops: [OpTally]
    public var manifest: ConformanceManifestCheck?
    public var results: [ConformanceResult]

    public static let defaultTarget = 0.96

    public init(results: [ConformanceResult], suites: [ConformanceSuite], filter: String?, workers: Int, timeoutSeconds: Double,
                seconds: Double, manifest: ConformanceManifestCheck?, targetPassRate: Double = defaultTarget) {
        self.results = results.sorted { ($0.suite, $0.id) < ($1.suite, $1.id) }
        self.suites = suites
        self.filter = filter
        self.workers = workers
        self.timeoutSeconds = timeoutSeconds
        self.seconds = seconds
        self.manifest = manifest
        self.targetPassRate = targetPassRate
        var total = Counts()
        var bySuite: [ConformanceSuite: Counts] = [:]
        var byOp: [String: Counts] = [:]
        var examples: [String: [ConformanceResult.Status: (Int, String)]] = [:]
        for r in results {
            total.add(r.status)
            bySuite[r.suite, default: Counts()].add(r.status)
            for op in Set(r.blame) {
                byOp[op, default: Counts()].add(r.status)
                if r.status != .pass {
                    let prior = examples[op]?[r.status]
                    let example = prior?.1 ?? "\(r.id): \(Self.shortReason(r))"
                    examples[op, default: [:]][r.status] = ((prior?.0 ?? 0) + 1, example)
                }
            }
        }
        counts = total
        perSuite = suites.map { SuiteCounts(suite: $0, counts: bySuite[$0] ?? Counts()) }
        ops = byOp.map { op, c in
            var reason: String?
            if let top = examples[op]?.max(by: { ($0.value.0, $1.key) < ($1.value.0, $0.key) }) {
                reason = top.key == .unsupported && Self.isMissingOp(op, examples: top.value.1)
                    ? "unsupported: op not implemented" : "\(top.key.rawValue): e.g. \(top.value.1)"
            }
            return OpTally(op: op, counts: c, reason: reason)
        }.sorted { ($1.nonPassing, $0.op) < ($0.nonPassing, $1.op) }
    }

    static func isMissingOp(_ op: String, examples: String) -> Bool {
        ConformanceClassifier.missingOps(in: examples).contains(op)
    }

    /// The result's message without the data set label, at most 160 characters.
    static func shortReason(_ r: ConformanceResult) -> String {
        var m = r.message ?? r.status.rawValue
        if m.count > 160 { m = String(m.prefix(157)) + "..." }
        return m
    }

    /// The ops that cost the most non-passing cases.
    public func topOps(_ n: Int) -> [OpTally] { Array(ops.filter { $0.nonPassing > 0 }.prefix(n)) }

    /// Counts of the node suite, when it ran.
    public var nodeCounts: Counts? { perSuite.first { $0.suite == .node }?.counts }

    /// 0 when no manifest case regressed, 1 otherwise.
    public var exitCode: Int32 { manifest?.failed == true ? 1 : 0 }
}
