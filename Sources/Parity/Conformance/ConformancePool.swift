import Foundation
import Runtime

/// Runs cases in worker subprocesses so that no case can crash or hang the run.
///
/// Each worker is `executable arguments...` (the `parity` binary in its hidden
/// `conformance --worker` mode, see `ConformanceWorker`): it reads one JSON
/// `ConformanceCase` per line on stdin and answers one JSON `ConformanceResult` per line
/// on stdout. When a worker dies mid-case the case is an error ("crashed", with the last
/// line the worker wrote to stderr); when a case exceeds `timeout` the worker is killed
/// and the case is an error ("timed out"). Either way a fresh worker takes the next case.
public final class ConformancePool: @unchecked Sendable {
    public let executable: String
    public let arguments: [String]
    public let workers: Int
    public let timeout: TimeInterval

    public init(executable: String, arguments: [String], workers: Int, timeout: TimeInterval) {
        self.executable = executable
        self.arguments = arguments
        self.workers = max(1, workers)
        self.timeout = timeout
    }

    private let lock = NSLock()

    /// Runs `cases`; `progress` is called (serialised) after each case with the result and
    /// the number done. Results come back in the order of `cases`.
    public func run(_ cases: [ConformanceCase], progress: @escaping @Sendable (ConformanceResult, Int) -> Void) -> [ConformanceResult] {
        signal(SIGPIPE, SIG_IGN)   // a dead worker's stdin must not kill the parent
        final class State: @unchecked Sendable {
            var results: [ConformanceResult?]
            var next = 0, done = 0
            init(_ n: Int) { results = Array(repeating: nil, count: n) }
        }
        let state = State(cases.count)
        // One thread per worker (not concurrentPerform, which caps parallelism at the core
        // count: the threads mostly wait on their subprocesses).
        let group = DispatchGroup()
        let body: @Sendable () -> Void = { [self] in
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            var worker: WorkerProcess?
            defer { worker?.stop() }
            while true {
                lock.lock()
                let i = state.next
                state.next += 1
                lock.unlock()
                guard i < cases.count else { return }
                let c = cases[i]
                let started = Date()
                var result: ConformanceResult
                do {
                    if worker == nil { worker = try WorkerProcess(executable: executable, arguments: arguments) }
                    guard let w = worker else { continue }
                    let request = try encoder.encode(c) + Data([10])
                    switch w.request(request, timeout: timeout) {
                    case .line(let line):
                        if let r = ConformanceWorker.decodeResult(line), r.id == c.id {
                            result = r
                        } else {
                            result = Self.lost(c, "the worker answered with an unreadable line")
                            w.stop(); worker = nil
                        }
                    case .timedOut:
                        result = Self.lost(c, String(format: "timed out after %.0f s", timeout))
                        w.stop(); worker = nil
                    case .died(let why):
                        result = Self.lost(c, "crashed (\(why))")
                        w.stop(); worker = nil
                    }
                } catch {
                    result = Self.lost(c, "could not start a worker: \(error)")
                    worker?.stop(); worker = nil
                }
                if result.seconds == 0 { result.seconds = Date().timeIntervalSince(started) }
                lock.lock()
                state.results[i] = result
                state.done += 1
                progress(result, state.done)
                lock.unlock()
            }
        }
        for _ in 0..<min(workers, max(1, cases.count)) {
            group.enter()
            let t = Thread { body(); group.leave() }
            t.stackSize = 1 << 22
            t.start()
        }
        group.wait()
        return zip(cases, state.results).map { c, r in r ?? Self.lost(c, "not run") }
    }

    static func lost(_ c: ConformanceCase, _ why: String) -> ConformanceResult {
        let ops = ConformanceRunner.opTypes(modelPath: c.modelPath)
        return ConformanceResult(id: c.id, suite: c.suite, status: .error, message: why, ops: ops,
                                 blame: ConformanceClassifier.blame(caseName: c.name, ops: ops, status: .error, message: nil,
                                                                   knownOps: OperatorRegistry.supportedOps))
    }
}

/// One worker subprocess with a pipe each way and its stderr in a temporary file.
final class WorkerProcess {
    enum Answer { case line(Data), timedOut, died(String) }

    let process = Process()
    let toWorker = Pipe()
    let fromWorker = Pipe()
    let stderrPath: String
    var buffer = Data()

    init(executable: String, arguments: [String]) throws {
        stderrPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("parity-worker-\(getpid())-\(UUID().uuidString).err").path
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = toWorker
        process.standardOutput = fromWorker
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        // A crashing worker should die at once, not spend seconds printing a backtrace.
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = env
        try process.run()
    }

    /// Sends one request line and waits for one answer line.
    func request(_ line: Data, timeout: TimeInterval) -> Answer {
        let fd = toWorker.fileHandleForWriting.fileDescriptor
        var sent = 0
        let ok = line.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            while sent < raw.count {
                let n = write(fd, base + sent, raw.count - sent)
                if n < 0 { if errno == EINTR { continue }; return false }
                sent += n
            }
            return true
        }
        guard ok else { return .died(exitDescription()) }
        let deadline = Date().addingTimeInterval(timeout)
        let rfd = fromWorker.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let nl = buffer.firstIndex(of: 10) {
                let answer = buffer[buffer.startIndex..<nl]
                buffer = Data(buffer[(nl + 1)...])
                // Anything that is not a JSON object (stray output) is skipped.
                if answer.first == UInt8(ascii: "{") { return .line(Data(answer)) }
                continue
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return .timedOut }
            var pfd = pollfd(fd: rfd, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, Int32(min(left * 1000, 1000)) + 1)
            if r < 0 { if errno == EINTR { continue }; return .died("poll failed") }
            if r == 0 { continue }
            let n = read(rfd, &chunk, chunk.count)
            if n < 0 { if errno == EINTR { continue }; return .died(exitDescription()) }
            if n == 0 { return .died(exitDescription()) }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// How the worker ended, with the last line it wrote to stderr.
    func exitDescription() -> String {
        process.waitUntilExit()
        var what: String
        switch process.terminationReason {
        case .uncaughtSignal: what = "signal \(process.terminationStatus)"
        default: what = "exit code \(process.terminationStatus)"
        }
        // The Swift runtime's "Fatal error: ..." line, else the last line written.
        if let text = try? String(contentsOfFile: stderrPath, encoding: .utf8) {
            let lines = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if let line = lines.first(where: { $0.contains("Fatal error") }) ?? lines.last {
                what += ": " + String(line.prefix(300))
            }
        }
        return what
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        try? toWorker.fileHandleForWriting.close()
        process.waitUntilExit()
        try? fromWorker.fileHandleForReading.close()
        try? FileManager.default.removeItem(atPath: stderrPath)
    }
}

/// The worker side: cases in on stdin, results out on stdout, one JSON line each.
public enum ConformanceWorker {
    /// Serves until stdin closes.
    ///
    /// Test hooks (for the runner's own tests): a case whose id equals
    /// `PARITY_CONFORMANCE_TEST_CRASH` traps the worker; one equal to
    /// `PARITY_CONFORMANCE_TEST_HANG` never finishes.
    public static func serve() {
        let env = ProcessInfo.processInfo.environment
        let crashOn = env["PARITY_CONFORMANCE_TEST_CRASH"], hangOn = env["PARITY_CONFORMANCE_TEST_HANG"]
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            let result: ConformanceResult
            if let c = try? decoder.decode(ConformanceCase.self, from: Data(line.utf8)) {
                if c.id == crashOn { fatalError("test hook: crashing on \(c.id)") }
                if c.id == hangOn { while true { sleep(60) } }
                result = ConformanceRunner.run(c)
            } else {
                result = ConformanceResult(id: "?", suite: .node, status: .error, message: "unreadable request", ops: [], blame: [])
            }
            guard let data = try? encoder.encode(result) else { continue }
            FileHandle.standardOutput.write(data + Data([10]))
        }
    }

    /// A result line from a worker, or nil.
    static func decodeResult(_ line: Data) -> ConformanceResult? {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(ConformanceResult.self, from: line)
    }
}
