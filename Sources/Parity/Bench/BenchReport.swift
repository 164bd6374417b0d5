import Foundation

/// Latency statistics of one engine at one batch size and thread count.
public struct LatencyStats: Codable, Sendable {
    public var medianMs: Double
    public var p10Ms: Double
    public var p90Ms: Double
    public var runs: Int

    public init(seconds: [Double]) {
        let s = seconds.sorted()
        func q(_ p: Double) -> Double {
            guard !s.isEmpty else { return .nan }
            let i = min(s.count - 1, max(0, Int((p * Double(s.count - 1)).rounded())))
            return s[i] * 1000
        }
        medianMs = q(0.5); p10Ms = q(0.1); p90Ms = q(0.9); runs = s.count
    }
}

/// `parity bench` results: one row per batch size and thread count, each engine measured
/// in the same process, alternating run by run.
public struct BenchReport: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var batch: Int
        public var threads: Int
        /// Engine name ("parity", "onnxruntime", and "torch", "keras" or "sklearn") -> latency.
        public var engines: [String: LatencyStats]
        /// Parity median / onnxruntime median.
        public var ratioToOnnxruntime: Double?
        /// Memory each engine needs for the model at this batch, KiB: the growth of the
        /// peak resident set over a trimmed baseline while a fresh session is created and
        /// runs once (see `memoryMethod`). "parity" and "onnxruntime" only.
        public var peakKiB: [String: Int]
        /// Median pause after a run of each engine before the next timed run, ms (see
        /// `settle`): with `auto`, how long that engine's worker threads kept spinning.
        public var settleMs: [String: Double]
    }
    public var schema = "parity.bench/2"
    public var model: String
    public var onnxPath: String
    /// The framework engine timed beside Parity and onnxruntime, if any.
    public var framework: String?
    public var machine: [String: String]
    public var warmup: Int
    public var runs: Int
    /// The pause before each timed run: "auto" (until the process is idle) or "N ms".
    public var settle: String
    public var memoryMethod = BenchReport.memoryMethodText
    /// Parity's InferenceSession creation (load, check, fold, infer, plan), ms: the median
    /// of `parityLoadRunsMs`.
    public var parityLoadMs: Double
    /// onnxruntime's InferenceSession creation, ms: the median of `onnxruntimeSessionRunsMs`.
    public var onnxruntimeSessionMs: Double?
    /// Every timed load, in order (the engines alternate, Parity first).
    public var parityLoadRunsMs: [Double]?
    public var onnxruntimeSessionRunsMs: [Double]?
    /// parityLoadMs / onnxruntimeSessionMs.
    public var loadRatio: Double?
    public var rows: [Row]

    /// How peak memory is measured (also in `parity bench --help` and docs/performance.md).
    public static let memoryMethodText = "per engine, Parity first: malloc_trim(0), reset VmHWM (/proc/self/clear_refs), "
        + "baseline VmRSS; create a fresh session and run it once; peak = VmHWM - baseline"

    public init(model: String, onnxPath: String, framework: String?, machine: [String: String], warmup: Int, runs: Int,
                settle: String, parityLoadMs: Double, onnxruntimeSessionMs: Double?, rows: [Row],
                parityLoadRunsMs: [Double]? = nil, onnxruntimeSessionRunsMs: [Double]? = nil) {
        self.model = model; self.onnxPath = onnxPath; self.framework = framework; self.machine = machine
        self.warmup = warmup; self.runs = runs; self.settle = settle
        self.parityLoadMs = parityLoadMs; self.onnxruntimeSessionMs = onnxruntimeSessionMs
        self.parityLoadRunsMs = parityLoadRunsMs; self.onnxruntimeSessionRunsMs = onnxruntimeSessionRunsMs
        self.loadRatio = onnxruntimeSessionMs.flatMap { $0 > 0 ? parityLoadMs / $0 : nil }
        self.rows = rows
    }

    /// The console table.
    public func render() -> String {
        var out = ["model    \(model) (\(onnxPath))",
                   "machine  \(machine["cpu"] ?? "?"), \(machine["cores"] ?? "?") cores; \(warmup) warm-up + \(runs) timed runs, engines alternating, settle \(settle)"]
        // "271.9 ms (of 388.0, 271.9, 260.1)" when several loads were timed.
        func load(_ median: Double, _ runs: [Double]?) -> String {
            let runs = runs ?? []
            let all = runs.count > 1 ? " (of " + runs.map { String(format: "%.1f", $0) }.joined(separator: ", ") + ")" : ""
            return String(format: "%.1f ms", median) + all
        }
        let ort = onnxruntimeSessionMs.map { ", onnxruntime session " + load($0, onnxruntimeSessionRunsMs) + (loadRatio.map { String(format: " (ratio %.2fx)", $0) } ?? "") } ?? ""
        out.append("load     parity " + load(parityLoadMs, parityLoadRunsMs) + ort)
        out.append("")
        let header = ["batch", "threads", "engine", "median ms", "p10 ms", "p90 ms", "peak MiB", "parity/ort"]
        var rowsText: [[String]] = []
        for r in rows {
            for engine in ["parity", "onnxruntime"] + (framework.map { [$0] } ?? []) {
                guard let s = r.engines[engine] else { continue }
                rowsText.append([String(r.batch), String(r.threads), engine, String(format: "%.2f", s.medianMs),
                                 String(format: "%.2f", s.p10Ms), String(format: "%.2f", s.p90Ms),
                                 r.peakKiB[engine].map { String(format: "%.2f", Double($0) / 1024) } ?? "-",
                                 engine == "parity" ? (r.ratioToOnnxruntime.map { String(format: "%.2fx", $0) } ?? "-") : ""])
            }
        }
        let widths = header.indices.map { i in ([header[i]] + rowsText.map { $0[i] }).map(\.count).max() ?? 0 }
        func fmt(_ row: [String]) -> String {
            row.enumerated().map { i, s in s.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        out.append(fmt(header))
        out += rowsText.map(fmt)
        out.append("peak MiB: \(Self.memoryMethodText)")
        return out.joined(separator: "\n") + "\n"
    }
}
