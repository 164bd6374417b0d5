import ArgumentParser
import Foundation
import Frontends
import OnnxFormat
import Parity
import Runtime

/// `parity bench MODEL`: latency and memory of Parity's runtime against onnxruntime (and
/// the framework the model came from).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time Parity's runtime against onnxruntime (and torch, Keras or scikit-learn) in one process, on identical inputs and threads.",
        discussion: """
        MODEL is an .onnx file (fed seeded inputs), or with --from a model export-check takes: \
        a torch name (resnet18, bert, mlp, ...) or file, a Keras application name or .keras/.h5 file, \
        a scikit-learn estimator name (fed --batch rows of its demo dataset). The framework's own \
        model is timed as a third engine.

        Engines alternate run by run, the first engine changing every run. Before each timed run \
        the bench waits, untimed, for the worker threads of the previous engine to stop spinning \
        (--settle auto: until the process has used under 10% of a core in each of two 2 ms slices; or a fixed pause).

        Load: Parity's session creation (load and plan) and onnxruntime's are each timed three \
        times, alternating; the medians are compared.

        Peak memory, per engine (Parity first, then onnxruntime), for each batch and thread count: \
        the allocator is trimmed (malloc_trim(0)), the peak resident set reset \
        (/proc/self/clear_refs), VmRSS recorded; then a fresh session is created and run once \
        (cold); peak = VmHWM - that VmRSS. Libraries' one-time state (the interpreter, OpenBLAS \
        buffers, onnxruntime's environment) exists before and is not counted.
        """)

    @Argument(help: "An .onnx file, or a model export-check accepts (with --from).")
    var model: String

    @Option(name: .customLong("from"), help: "Export MODEL from this framework first: torch, keras or sklearn.")
    var framework: String?

    @Option(help: "Batch sizes, comma-separated (rows for --from sklearn).")
    var batch: String = "1"

    @Option(help: "Thread counts, comma-separated.")
    var threads: String = "1"

    @Option(help: "Warm-up runs per engine.")
    var warmup: Int = 3

    @Option(help: "Timed runs per engine.")
    var runs: Int = 20

    @Option(help: ArgumentHelp("Pause before each timed run: auto (until no thread spins) or milliseconds (0: none).", valueName: "auto|ms"))
    var settle: String = "auto"

    @Option(help: "Seed for initialisation and inputs.")
    var seed: UInt64 = 0

    @Flag(name: .customLong("allow-pickle"), help: "sklearn: load a .pkl/.pickle/.joblib file. Unpickling executes code from the file: only for files you trust.")
    var allowPickle = false

    @Option(help: ArgumentHelp("Write the results as JSON.", valueName: "out.json"))
    var json: String?

    @OptionGroup var pythonOptions: PythonOptions

    static func list(_ s: String, _ name: String) throws -> [Int] {
        let v = s.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !v.isEmpty, v.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 1024 }) else {
            throw ValidationError("--\(name) must be a comma-separated list of numbers in 1...1024, e.g. 1,8")
        }
        return v.compactMap { $0 }
    }

    static func parseSettle(_ s: String) throws -> BenchRunner.Settle {
        if s == "auto" { return .auto }
        guard let ms = Double(s), ms >= 0, ms <= 10_000 else {
            throw ValidationError("--settle must be auto or a number of milliseconds in 0...10000, not '\(s)'")
        }
        return .fixed(ms: ms)
    }

    func validate() throws {
        _ = try Self.list(batch, "batch")
        _ = try Self.list(threads, "threads")
        _ = try Self.parseSettle(settle)
        guard warmup >= 0, runs >= 1 else { throw ValidationError("--runs must be >= 1 and --warmup >= 0") }
        if let framework, BenchExport.Framework(rawValue: framework) == nil {
            throw ValidationError("--from must be torch, keras or sklearn, not '\(framework)'")
        }
        if allowPickle && framework != "sklearn" { throw ValidationError("--allow-pickle applies to --from sklearn only") }
    }

    func run() throws {
        let batches = try Self.list(batch, "batch"), threadCounts = try Self.list(threads, "threads")
        var options = BenchRunner.Options()
        options.batches = batches; options.threads = threadCounts; options.warmup = warmup; options.runs = runs
        options.settle = try Self.parseSettle(settle)
        let from = framework.flatMap(BenchExport.Framework.init(rawValue:))
        if from == nil || model.contains("/") || model.hasSuffix(".onnx") {
            guard FileManager.default.fileExists(atPath: model) else { throw CLIError.input("\(model): no such file") }
        }
        let python: PythonRuntime
        do { python = try PythonRuntime.shared(python: pythonOptions.python) } catch { throw CLIError.input("\(error)") }

        var onnxPath = model
        var name = model
        var staging: OutputStaging?
        var exported: FrameworkExport?
        defer { staging?.cleanUp() }
        if let from {
            let st = try OutputStaging(finalPath: nil, defaultName: ExportCheck.fileName(for: model))
            staging = st
            status("exporting \(model) from \(from.rawValue)...")
            do {
                exported = try BenchExport.export(model, from: from, batches: batches, seed: Int(seed), allowPickle: allowPickle,
                                                  python: python, to: st.stagedPath)
            } catch let e as PythonError {
                throw CLIError.input("\(e)")
            } catch let e as FrontendError {
                throw CLIError.input(e.description)
            } catch let e as KerasError {
                throw CLIError.input(e.description)
            }
            onnxPath = st.stagedPath
            name = exported?.modelName ?? model
        }

        let interactive = isatty(STDERR_FILENO) != 0
        let report: BenchReport
        do {
            report = try BenchRunner(python: python).run(onnxPath: onnxPath, modelName: name, framework: from?.rawValue, options: options,
                                                         inputs: { b in
                if let exported {
                    guard let c = exported.cases.first(where: { $0.batch == b }) else {
                        throw CLIError.input("\(name): the export gave no inputs for batch \(b)")
                    }
                    return c.inputs
                }
                let session = try InferenceSession(path: onnxPath)
                return try SeededInputs.make(for: session.inputs, seed: seed, dynamicSize: b)
            }, progress: { done, total in
                guard interactive else { return }
                let width = 30, filled = width * done / max(total, 1)
                FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            })
        } catch let e as CLIError {
            throw e
        } catch let e as PythonError {
            throw CLIError.input("\(e)")
        } catch {
            throw CLIError.input("\((onnxPath as NSString).lastPathComponent): \(error)")
        }
        print(report.render(), terminator: "")
        if let json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            do { try AtomicWrite.write(try enc.encode(report), to: json) } catch { throw CLIError.input("\(json): \(error)") }
        }
    }
}
