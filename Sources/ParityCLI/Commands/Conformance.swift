import ArgumentParser
import Foundation
import Frontends
import OnnxFormat
import Parity

/// `parity conformance`: the ONNX backend test suites on the Swift runtime.
struct Conformance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the ONNX backend test suites on Parity's Swift runtime and check them against a manifest.",
        discussion: """
        Each case ends as pass, fail (wrong numbers, shape, type or structure; the worst element is
        reported), unsupported (the runtime lacks an op, attribute, type or opset) or error. Cases run
        in worker subprocesses: a crash or a case over --timeout is an error, never the end of the
        run. With --manifest, a listed case that does not pass is a regression (exit code 1).
        See docs/conformance.md.
        """)

    enum SuiteChoice: String, ExpressibleByArgument, CaseIterable {
        case node, light, simple, pytorchConverted = "pytorch-converted", pytorchOperator = "pytorch-operator", real, all
        var suites: [ConformanceSuite] {
            self == .all ? ConformanceSuite.allCases : [ConformanceSuite(rawValue: rawValue)].compactMap { $0 }
        }
    }

    @Option(help: "Suite: node, light, simple, pytorch-converted, pytorch-operator, real or all.")
    var suite: SuiteChoice = .node

    @Option(help: ArgumentHelp("Run only cases whose id matches this regular expression.", valueName: "regex"))
    var filter: String?

    @Option(help: ArgumentHelp("The conformance data folder (holds node/); default: conformance-data beside the repository, else in the current folder.", valueName: "path"))
    var data: String?

    @Option(help: ArgumentHelp("The venv whose onnx wheel holds the shipped suites; default $PARITY_PYTHON, then the repository's .venv.", valueName: "path"))
    var python: String?

    @Option(help: ArgumentHelp("Check the run against this manifest; a listed case that does not pass fails the run.", valueName: "file"))
    var manifest: String?

    @Option(name: .customLong("write-manifest"), help: ArgumentHelp("Write the manifest updated from this run (existing reasons are kept).", valueName: "file"))
    var writeManifest: String?

    @Option(help: "Worker subprocesses (0: run in this process, without crash or timeout protection).")
    var workers: Int = 2

    @Option(help: "Seconds a case may take before its worker is killed and the case is an error.")
    var timeout: Double = 20

    @Option(name: .customLong("top"), help: "How many ops to list by non-passing cases.")
    var topOps: Int = 10

    @OptionGroup var reports: ReportOptions

    @Flag(help: .hidden)
    var worker = false

    func validate() throws {
        guard workers >= 0, workers <= 64 else { throw ValidationError("--workers must be in 0...64") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard topOps >= 0 else { throw ValidationError("--top must be >= 0") }
        if let filter {
            do { _ = try NSRegularExpression(pattern: filter) } catch {
                throw ValidationError("--filter '\(filter)' is not a valid regular expression")
            }
        }
    }

    func run() throws {
        if worker {
            ConformanceWorker.serve()
            return
        }
        let root = PythonEnvironment.repositoryRoot()
        let dataRoot = try resolveData(root: root)
        let venv = python ?? ProcessInfo.processInfo.environment["PARITY_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? root.map { $0 + "/.venv" }
        let shipped = venv.flatMap { ConformanceDiscovery.shippedRoot(venv: $0) }

        var cases: [ConformanceCase] = []
        for s in suite.suites {
            do { cases += try ConformanceDiscovery.cases(suite: s, dataRoot: dataRoot, shippedRoot: shipped) } catch {
                throw CLIError.input("\(error)")
            }
        }
        if let filter, let re = try? NSRegularExpression(pattern: filter) {
            cases = cases.filter { re.firstMatch(in: $0.id, range: NSRange($0.id.startIndex..., in: $0.id)) != nil }
        }
        guard !cases.isEmpty else { throw CLIError.input("no cases to run\(filter.map { " (--filter \($0) matches none)" } ?? "")") }
        var existing: ConformanceManifest?
        if let manifest {
            do { existing = try ConformanceManifest.load(manifest) } catch { throw CLIError.input("\(error)") }
        }

        let progress = Progress(total: cases.count, enabled: isatty(2) == 1)
        let start = Date()
        let results: [ConformanceResult]
        if workers == 0 {
            results = cases.enumerated().map { k, c in
                let r = ConformanceRunner.run(c)
                progress.update(r, done: k + 1)
                return r
            }
        } else {
            let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            let pool = ConformancePool(executable: exe, arguments: ["conformance", "--worker"], workers: workers, timeout: timeout)
            results = pool.run(cases) { r, n in progress.update(r, done: n) }
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(start)

        var check = existing?.check(results, suites: suite.suites, complete: filter == nil)
        check?.path = manifest
        let report = ConformanceReport(results: results, suites: suite.suites, filter: filter, workers: workers,
                                       timeoutSeconds: timeout, seconds: seconds, manifest: check)
        try writeReports(report)
        if let writeManifest {
            let base: ConformanceManifest
            if writeManifest == manifest, let existing { base = existing } else {
                base = FileManager.default.fileExists(atPath: writeManifest) ? ((try? ConformanceManifest.load(writeManifest)) ?? .init()) : .init()
            }
            let updated = base.updated(with: results, completeSuites: filter == nil ? suite.suites : [])
            let version = dataRoot.flatMap { try? String(contentsOfFile: $0 + "/VERSION", encoding: .utf8) }?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let header = [
                "Parity conformance manifest: ONNX backend cases expected to pass on the Swift runtime\(version.map { " (onnx \($0))" } ?? "").",
                "One case id per line; a left-out case is a comment '# id: reason'. See docs/conformance.md.",
                "Update: parity conformance --suite \(suite.rawValue) --manifest FILE --write-manifest FILE",
            ]
            do { try AtomicWrite.write(updated.render(header: header), to: writeManifest) } catch {
                throw CLIError.input("\(error)")
            }
            status("manifest \(writeManifest): \(updated.passing.count) passing, \(updated.leftOut.count) left out")
        }
        print(ConformanceConsoleReporter.render(report, topOps: topOps), terminator: "")
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// --data, else conformance-data beside the repository, else in the current folder.
    func resolveData(root: String?) throws -> String? {
        if let data {
            guard ConformanceDiscoveryPaths.isDirectory(data) else { throw CLIError.input("--data \(data): no such folder") }
            return data
        }
        var candidates: [String] = []
        if let root { candidates.append(root + "/conformance-data") }
        candidates.append(FileManager.default.currentDirectoryPath + "/conformance-data")
        return candidates.first(where: ConformanceDiscoveryPaths.isDirectory)
    }

    func writeReports(_ report: ConformanceReport) throws {
        do {
            if let p = reports.report { try AtomicWrite.write(try ConformanceJSONReporter.render(report), to: p) }
            if let p = reports.junit { try AtomicWrite.write(ConformanceJUnitReporter.render(report), to: p) }
            if let p = reports.markdown { try AtomicWrite.write(ConformanceMarkdownReporter.render(report), to: p) }
        } catch {
            throw CLIError.input("\(error)")
        }
    }
}

enum ConformanceDiscoveryPaths {
    static func isDirectory(_ p: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &d) && d.boolValue
    }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class Progress: @unchecked Sendable {
    let total: Int
    let enabled: Bool
    var counts = ConformanceReport.Counts()
    var lastDraw = Date.distantPast

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func update(_ r: ConformanceResult, done: Int) {
        counts.add(r.status)
        guard enabled, done == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var line = "\r[\(bar)] \(done)/\(total) pass \(counts.pass) fail \(counts.fail) unsupported \(counts.unsupported) error \(counts.error)  \(r.id)"
        if line.count > 118 { line = String(line.prefix(118)) }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
