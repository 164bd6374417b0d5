import Foundation
import Frontends
import OnnxFormat
import Runtime
#if canImport(Glibc)
import Glibc
#endif

/// Measures Parity's runtime against onnxruntime (and the framework the model came from:
/// torch eager, Keras or the scikit-learn estimator) in one process, on identical inputs
/// and thread counts, alternating engines run by run so that machine drift affects all of
/// them alike. See docs/performance.md for the method.
public struct BenchRunner {
    public struct Options: Sendable {
        public var batches: [Int] = [1]
        public var threads: [Int] = [1]
        public var warmup = 3
        public var runs = 20
        public var settle: Settle = .auto
        public init() {}
    }

    /// The pause before each timed run, outside the timed region. Worker threads of
    /// OpenBLAS, onnxruntime and OpenMP keep spinning for a while after a run; on a small
    /// machine they steal the cores of whichever engine runs next.
    public enum Settle: Sendable, Equatable, CustomStringConvertible {
        /// Wait until this process has used (almost) no CPU for two 2 ms slices in a row:
        /// every spinning pool has gone to sleep (capped at 500 ms).
        case auto
        /// Sleep this many milliseconds (0: no pause).
        case fixed(ms: Double)

        public var description: String {
            switch self {
            case .auto: return "auto"
            case .fixed(let ms): return String(format: "%g ms", ms)
            }
        }
    }

    let python: PythonRuntime
    public init(python: PythonRuntime) { self.python = python }

    /// Loads of each engine timed for the load ratio (the median is reported).
    public static let loadRuns = 3

    /// Benchmarks `onnxPath`. `framework` ("torch", "keras", "sklearn") adds that framework's
    /// last exported model as a third engine. `inputs(batch)` gives the feeds for one batch
    /// size, in graph input order; `progress(done, total)` reports timed runs.
    public func run(onnxPath: String, modelName: String, framework: String?, options: Options,
                    inputs: (Int) throws -> [(name: String, tensor: Tensor)],
                    progress: (Int, Int) -> Void = { _, _ in }) throws -> BenchReport {
        // Load and plan against onnxruntime's session creation (at the first thread count):
        // each timed `Self.loadRuns` times, alternating, the medians reported. One load of
        // each moved by 20-30% between otherwise identical runs (page cache, fresh-page
        // faults, the host), which decided load ratios near 1 either way. Before each load
        // the previous session is dropped and the allocator trimmed (both engines), so
        // that every load faults in fresh pages as in a new process: reusing the pages
        // the last session freed made Parity's second and third loads 2-3x faster than
        // its first (resnet18: 52 -> 17 ms), an advantage no fresh process has.
        // onnxruntime's session for `threads` (the one its timed runs use); its creation time, s.
        func createOnnxruntime(threads t: Int) throws -> Double? {
            try python.call("parity_bench", "ort_create", ["key": .string("t\(t)"), "onnx_path": .string(onnxPath), "threads": .int(t)])["seconds"]?.double
        }
        var parityLoads: [Double] = [], ortLoads: [Double] = []
        var loaded: InferenceSession?
        for _ in 0..<Self.loadRuns {
            loaded = nil
            ProcessMemory.trim()
            let t0 = Clock.seconds()
            loaded = try InferenceSession(path: onnxPath)
            parityLoads.append(Clock.seconds() - t0)
            if let t = options.threads.first, let s = try createOnnxruntime(threads: t) { ortLoads.append(s) }
        }
        guard let session = loaded else { throw RuntimeError("bench: no session was loaded") }
        let loadMs = LatencyStats(seconds: parityLoads).medianMs
        let ortSessionMs: Double? = ortLoads.isEmpty ? nil : LatencyStats(seconds: ortLoads).medianMs
        for t in options.threads.dropFirst() { _ = try createOnnxruntime(threads: t) }
        var engines = ["parity", "onnxruntime"]
        if let framework {
            let available = try python.call("parity_bench", "framework_available", ["framework": .string(framework)])
            if available.bool == true { engines.append(framework) }
        }
        let machine = try python.call("parity_bench", "machine")

        var rows: [BenchReport.Row] = []
        let total = options.batches.count * options.threads.count * options.runs
        var done = 0
        for b in options.batches {
            let feeds = try inputs(b)
            let feedDict = Dictionary(feeds.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
            // Graph order, as values: outputs may be sequences or maps (skl2onnx's ZipMap).
            let ordered = try Self.ordered(feedDict, for: session)
            let inKey = PyValue.string("b\(b)")
            _ = try python.call("parity_bench", "set_inputs", ["key": inKey, "names": .list(feeds.map { .string($0.name) }),
                                                                  "inputs": .dict(feedDict.mapValues(PyValue.tensor))])
            for t in options.threads {
                ComputeThreads.set(t)
                let ortKey = PyValue.string("t\(t)")
                // One run of an engine; returns its latency in seconds.
                func runOnce(_ engine: String) throws -> Double {
                    switch engine {
                    case "parity":
                        let start = Clock.seconds()
                        _ = try session.runOrdered(ordered)
                        return Clock.seconds() - start
                    case "onnxruntime":
                        return try python.call("parity_bench", "ort_run", ["key": ortKey, "inputs_key": inKey]).double ?? .nan
                    default:
                        return try python.call("parity_bench", "framework_run", ["framework": .string(engine), "inputs_key": inKey,
                                                                                  "threads": .int(t)]).double ?? .nan
                    }
                }
                for _ in 0..<options.warmup {
                    for e in engines { _ = try runOnce(e) }
                }
                var times: [String: [Double]] = [:]
                // Pauses keyed by the engine that ran just before: how long its threads spun.
                var waits: [String: [Double]] = [:]
                var previous = engines[engines.count - 1]
                for i in 0..<options.runs {
                    // The engine that goes first changes every run, so that no engine always
                    // follows the same one.
                    for k in engines.indices {
                        let e = engines[(k + i) % engines.count]
                        waits[previous, default: []].append(Self.settle(options.settle))
                        times[e, default: []].append(try runOnce(e))
                        previous = e
                    }
                    done += 1
                    progress(done, total)
                }
                // Memory last, when every library's one-time state (OpenBLAS buffers,
                // onnxruntime's environment, thread pools) exists and is not counted.
                var peaks: [String: Int] = [:]
                if let p = try Self.parityMemoryKiB(onnxPath: onnxPath, feeds: feedDict) { peaks["parity"] = p }
                if ProcessMemory.canResetPeak,
                   let p = try python.call("parity_bench", "ort_memory", ["onnx_path": .string(onnxPath), "threads": .int(t),
                                                                          "inputs_key": inKey]).int {
                    peaks["onnxruntime"] = p
                }
                let stats = times.mapValues { LatencyStats(seconds: $0) }
                let ratio = (stats["parity"]?.medianMs).flatMap { p in (stats["onnxruntime"]?.medianMs).map { p / $0 } }
                rows.append(.init(batch: b, threads: t, engines: stats, ratioToOnnxruntime: ratio, peakKiB: peaks,
                                  settleMs: waits.mapValues { LatencyStats(seconds: $0).medianMs }))
            }
        }
        for t in options.threads { _ = try? python.call("parity_bench", "release", ["key": .string("t\(t)")]) }
        var m: [String: String] = [:]
        for (k, v) in machine.dict ?? [:] { m[k] = v.string ?? v.int.map(String.init) ?? "" }
        return BenchReport(model: modelName, onnxPath: onnxPath, framework: engines.count > 2 ? engines[2] : nil, machine: m,
                           warmup: options.warmup, runs: options.runs, settle: options.settle.description,
                           parityLoadMs: loadMs, onnxruntimeSessionMs: ortSessionMs, rows: rows,
                           parityLoadRunsMs: parityLoads.map { $0 * 1000 }, onnxruntimeSessionRunsMs: ortLoads.map { $0 * 1000 })
    }

    /// Memory Parity's runtime needs for the model at these feeds: the growth of the peak
    /// resident set over a trimmed baseline while a fresh session loads, plans and runs once
    /// (cold). nil when the peak cannot be reset (/proc/self/clear_refs not writable).
    static func parityMemoryKiB(onnxPath: String, feeds: [String: Tensor]) throws -> Int? {
        ProcessMemory.trim()
        guard ProcessMemory.resetPeak() else { return nil }
        let before = ProcessMemory.kiB("VmRSS")
        do {
            let fresh = try InferenceSession(path: onnxPath)
            _ = try fresh.runOrdered(try ordered(feeds, for: fresh))
        }
        let peak = ProcessMemory.kiB("VmHWM") - before
        ProcessMemory.trim()
        return max(0, peak)
    }

    /// The feeds in the session's input order.
    static func ordered(_ feeds: [String: Tensor], for session: InferenceSession) throws -> [Value] {
        for name in feeds.keys where !session.inputs.contains(where: { $0.name == name }) {
            throw RuntimeError("unknown input '\(name)'; the model's inputs are \(session.inputs.map(\.name).joined(separator: ", "))")
        }
        return try session.inputs.map { sig in
            guard let t = feeds[sig.name] else { throw RuntimeError("missing input '\(sig.name)' (\(sig.typeDescription))") }
            return .tensor(t)
        }
    }

    /// Waits as `settle` says; returns the seconds waited.
    static func settle(_ settle: Settle) -> Double {
        let start = Clock.seconds()
        switch settle {
        case .fixed(let ms):
            if ms > 0 { usleep(useconds_t(ms * 1000)) }
        case .auto:
            let slice = 0.002
            var idleSlices = 0
            while Clock.seconds() - start < 0.5 {
                let cpu = Clock.processCPUSeconds()
                usleep(useconds_t(slice * 1e6))
                // Less than 10% of one core over a slice: nothing ran (this thread's own
                // wake-up costs microseconds). Two such slices in a row, because on a busy
                // machine a spinning thread can be descheduled for a whole slice.
                idleSlices = Clock.processCPUSeconds() - cpu < 0.1 * slice ? idleSlices + 1 : 0
                if idleSlices == 2 { break }
            }
        }
        return Clock.seconds() - start
    }
}

/// Monotonic wall time and this process's CPU time (all threads).
enum Clock {
    static func seconds() -> Double { read(CLOCK_MONOTONIC) }
    static func processCPUSeconds() -> Double { read(CLOCK_PROCESS_CPUTIME_ID) }
    private static func read(_ id: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(id, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// Resident memory of this process from /proc/self/status.
public enum ProcessMemory {
    /// Returns the allocator's free memory to the system (glibc `malloc_trim(0)`), so that
    /// what is allocated next must fault in fresh pages and shows in the peak.
    public static func trim() {
        _ = mallocTrim?(0)
    }

    /// glibc's malloc_trim, looked up at run time: Swift's Glibc module does not export
    /// <malloc.h>. nil on a C library without it (the peak then includes reusable memory).
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let handle = dlopen(nil, RTLD_NOW), let f = dlsym(handle, "malloc_trim") else { return nil }
        return unsafeBitCast(f, to: (@convention(c) (Int) -> Int32).self)
    }()

    /// Whether the peak can be reset here (`/proc/self/clear_refs` is writable).
    public static var canResetPeak: Bool { FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs") }

    /// Resets the peak resident set (VmHWM) to the current one; false if that failed.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? h.close() }
        do { try h.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
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
