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
        /// Engine name ("parity", "onnxruntime", "torch") -> latency.
        public var engines: [String: LatencyStats]
        /// Parity median / onnxruntime median.
        public var ratioToOnnxruntime: Double?
        /// Peak resident memory a single run adds, KiB.
        public var peakKiB: [String: Int]
    }
    public var schema = "parity.bench/1"
    public var model: String
    public var onnxPath: String
    public var machine: [String: String]
    public var warmup: Int
    public var runs: Int
    /// Parity's InferenceSession creation (load, check, fold, infer, plan), ms.
    public var parityLoadMs: Double
    /// onnxruntime's InferenceSession creation, ms.
    public var onnxruntimeSessionMs: Double?
    public var parityLoadPeakKiB: Int
    public var onnxruntimeSessionPeakKiB: Int?
    public var rows: [Row]

    public init(model: String, onnxPath: String, machine: [String: String], warmup: Int, runs: Int,
                parityLoadMs: Double, onnxruntimeSessionMs: Double?, parityLoadPeakKiB: Int,
                onnxruntimeSessionPeakKiB: Int?, rows: [Row]) {
        self.model = model; self.onnxPath = onnxPath; self.machine = machine; self.warmup = warmup; self.runs = runs
        self.parityLoadMs = parityLoadMs; self.onnxruntimeSessionMs = onnxruntimeSessionMs
        self.parityLoadPeakKiB = parityLoadPeakKiB; self.onnxruntimeSessionPeakKiB = onnxruntimeSessionPeakKiB
        self.rows = rows
    }

    /// The console table.
    public func render() -> String {
        var out = ["model    \(model) (\(onnxPath))",
                   "machine  \(machine["cpu"] ?? "?"), \(machine["cores"] ?? "?") cores; \(warmup) warm-up + \(runs) timed runs, engines alternating"]
        let ort = onnxruntimeSessionMs.map { String(format: ", onnxruntime session %.1f ms (ratio %.2fx)", $0, parityLoadMs / $0) } ?? ""
        out.append(String(format: "load     parity %.1f ms", parityLoadMs) + ort)
        out.append("")
        let header = ["batch", "threads", "engine", "median ms", "p10 ms", "p90 ms", "peak MiB", "parity/ort"]
        var rowsText: [[String]] = []
        for r in rows {
            for engine in ["parity", "onnxruntime", "torch"] {
                guard let s = r.engines[engine] else { continue }
                rowsText.append([String(r.batch), String(r.threads), engine, String(format: "%.2f", s.medianMs),
                                 String(format: "%.2f", s.p10Ms), String(format: "%.2f", s.p90Ms),
                                 r.peakKiB[engine].map { String(format: "%.1f", Double($0) / 1024) } ?? "-",
                                 engine == "parity" ? (r.ratioToOnnxruntime.map { String(format: "%.2fx", $0) } ?? "-") : ""])
            }
        }
        let widths = header.indices.map { i in ([header[i]] + rowsText.map { $0[i] }).map(\.count).max() ?? 0 }
        func fmt(_ row: [String]) -> String {
            row.enumerated().map { i, s in s.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        out.append(fmt(header))
        out += rowsText.map(fmt)
        return out.joined(separator: "\n") + "\n"
    }
}
