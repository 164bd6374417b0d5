import Foundation
import Frontends
import OnnxFormat
import Runtime

/// Measures Parity's runtime against onnxruntime (and torch eager when the model came from
/// torch) in one process, on identical inputs and thread counts, alternating engines run
/// by run so that machine drift affects all of them alike.
public struct BenchRunner {
    public struct Options: Sendable {
        public var batches: [Int] = [1]
        public var threads: [Int] = [1]
        public var warmup = 3
        public var runs = 20
        public init() {}
    }

    let python: PythonRuntime
    public init(python: PythonRuntime) { self.python = python }

    /// Benchmarks `onnxPath`. `inputs(batch)` gives the feeds for one batch size;
    /// `progress(done, total)` reports timed runs.
    public func run(onnxPath: String, modelName: String, withTorch: Bool, options: Options,
                    inputs: (Int) throws -> [(name: String, tensor: Tensor)],
                    progress: (Int, Int) -> Void = { _, _ in }) throws -> BenchReport {
        // Parity: load and plan.
        ProcessMemory.resetPeak()
        var rss = ProcessMemory.kiB("VmRSS")
        var t0 = Date()
        let session = try InferenceSession(path: onnxPath)
        let loadMs = Date().timeIntervalSince(t0) * 1000
        let loadPeak = ProcessMemory.kiB("VmHWM") - rss

        var ortSessionMs: Double?
        var ortSessionPeak: Int?
        for t in options.threads {
            let r = try python.call("parity_bench", "ort_create", ["key": .string("t\(t)"), "onnx_path": .string(onnxPath), "threads": .int(t)])
            if ortSessionMs == nil {
                ortSessionMs = (r["seconds"]?.double).map { $0 * 1000 }
                ortSessionPeak = r["peak_kb"]?.int
            }
        }
        let machine = try python.call("parity_bench", "machine")
        var rows: [BenchReport.Row] = []
        let total = options.batches.count * options.threads.count * options.runs
        var done = 0
        for b in options.batches {
            let feeds = try inputs(b)
            let feedDict = Dictionary(feeds.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
            let inKey = "b\(b)"
            _ = try python.call("parity_bench", "set_inputs", ["key": .string(inKey),
                                                                  "inputs": .dict(feedDict.mapValues(PyValue.tensor))])
            for t in options.threads {
                ComputeThreads.set(t)
                let key = PyValue.string("t\(t)")
                for _ in 0..<options.warmup {
                    _ = try session.run(feedDict)
                    _ = try python.call("parity_bench", "ort_run", ["key": key, "inputs_key": .string(inKey)])
                    if withTorch { _ = try python.call("parity_bench", "torch_run", ["inputs_key": .string(inKey), "threads": .int(t)]) }
                }
                var times: [String: [Double]] = ["parity": [], "onnxruntime": []]
                for _ in 0..<options.runs {
                    t0 = Date()
                    _ = try session.run(feedDict)
                    times["parity", default: []].append(Date().timeIntervalSince(t0))
                    let o = try python.call("parity_bench", "ort_run", ["key": key, "inputs_key": .string(inKey)])
                    times["onnxruntime", default: []].append(o.double ?? .nan)
                    if withTorch {
                        let tt = try python.call("parity_bench", "torch_run", ["inputs_key": .string(inKey), "threads": .int(t)])
                        times["torch", default: []].append(tt.double ?? .nan)
                    }
                    done += 1
                    progress(done, total)
                }
                ProcessMemory.resetPeak()
                rss = ProcessMemory.kiB("VmRSS")
                _ = try session.run(feedDict)
                let parityPeak = ProcessMemory.kiB("VmHWM") - rss
                let ortPeak = try python.call("parity_bench", "ort_peak", ["key": key, "inputs_key": .string(inKey)]).int
                let stats = times.mapValues { LatencyStats(seconds: $0) }
                let ratio = (stats["parity"]?.medianMs).flatMap { p in (stats["onnxruntime"]?.medianMs).map { p / $0 } }
                var peaks = ["parity": parityPeak]
                if let ortPeak { peaks["onnxruntime"] = ortPeak }
                rows.append(.init(batch: b, threads: t, engines: stats, ratioToOnnxruntime: ratio, peakKiB: peaks))
            }
        }
        for t in options.threads { _ = try? python.call("parity_bench", "release", ["key": .string("t\(t)")]) }
        var m: [String: String] = [:]
        for (k, v) in machine.dict ?? [:] { m[k] = v.string ?? v.int.map(String.init) ?? "" }
        return BenchReport(model: modelName, onnxPath: onnxPath, machine: m, warmup: options.warmup, runs: options.runs,
                           parityLoadMs: loadMs, onnxruntimeSessionMs: ortSessionMs, parityLoadPeakKiB: loadPeak,
                           onnxruntimeSessionPeakKiB: ortSessionPeak, rows: rows)
    }
}

/// Resident memory of this process from /proc/self/status.
public enum ProcessMemory {
    /// Resets the peak resident set (VmHWM) to the current one.
    public static func resetPeak() {
        if let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            h.write(Data("5".utf8))
            try? h.close()
        }
    }
    /// A field of /proc/self/status in KiB (VmRSS, VmHWM); 0 if unavailable.
    public static func kiB(_ field: String) -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
