import ArgumentParser
import Foundation
import Frontends
import OnnxFormat
import Parity
import Runtime

/// `parity bench MODEL`: latency of Parity's runtime against onnxruntime (and torch).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time Parity's runtime against onnxruntime (and torch eager) in one process, on identical inputs and threads.",
        discussion: "MODEL is an .onnx file, or a model name or file with --from torch (exported as export-check does).")

    @Argument(help: "An .onnx file, or a model export-check accepts (with --from).")
    var model: String

    @Option(name: .customLong("from"), help: "Export MODEL from this framework first (torch).")
    var framework: String?

    @Option(help: "Batch sizes, comma-separated.")
    var batch: String = "1"

    @Option(help: "Thread counts, comma-separated.")
    var threads: String = "1"

    @Option(help: "Warm-up runs per engine.")
    var warmup: Int = 3

    @Option(help: "Timed runs per engine.")
    var runs: Int = 20

    @Option(help: "Seed for inputs.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Write the results as JSON.", valueName: "out.json"))
    var json: String?

    @OptionGroup var pythonOptions: PythonOptions

    static func list(_ s: String, _ name: String) throws -> [Int] {
        let v = s.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !v.isEmpty, v.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 1024 }) else {
            throw ValidationError("--\(name) must be a comma-separated list of positive numbers, e.g. 1,8")
        }
        return v.compactMap { $0 }
    }

    func validate() throws {
        _ = try Self.list(batch, "batch")
        _ = try Self.list(threads, "threads")
        guard warmup >= 0, runs >= 1 else { throw ValidationError("--runs must be >= 1 and --warmup >= 0") }
        if let framework, framework != "torch" { throw ValidationError("--from \(framework) is not supported yet; use torch or an .onnx file") }
    }

    func run() throws {
        let batches = try Self.list(batch, "batch"), threadCounts = try Self.list(threads, "threads")
        let python: PythonRuntime
        do { python = try PythonRuntime.shared(python: pythonOptions.python) } catch { throw CLIError.input("\(error)") }
        var options = BenchRunner.Options()
        options.batches = batches; options.threads = threadCounts; options.warmup = warmup; options.runs = runs

        var onnxPath = model
        var name = model
        var staging: OutputStaging?
        var exported: FrameworkExport?
        defer { staging?.cleanUp() }
        if framework == "torch" {
            let st = try OutputStaging(finalPath: nil, defaultName: ExportCheck.fileName(for: model))
            staging = st
            var request = TorchFrontend.Request(model: model)
            request.batches = batches
            request.seed = Int(seed)
            status("exporting \(model) with torch...")
            do { exported = try TorchFrontend(python: python).export(request, to: st.stagedPath) } catch let e as PythonError {
                throw CLIError.input("\(e)")
            } catch let e as FrontendError { throw CLIError.input(e.description) }
            onnxPath = st.stagedPath
            name = exported?.modelName ?? model
        } else {
            guard FileManager.default.fileExists(atPath: model) else { throw CLIError.input("\(model): no such file") }
        }

        let interactive = isatty(STDERR_FILENO) != 0
        let runner = BenchRunner(python: python)
        let report: BenchReport
        do {
            report = try runner.run(onnxPath: onnxPath, modelName: name, withTorch: exported != nil, options: options,
                                    inputs: { b in
                if let c = exported?.cases.first(where: { $0.batch == b }) { return c.inputs }
                let session = try InferenceSession(path: onnxPath)
                return try SeededInputs.make(for: session.inputs, seed: seed, dynamicSize: b)
            }, progress: { done, total in
                guard interactive else { return }
                let width = 30, filled = width * done / max(total, 1)
                FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            })
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
            do { try AtomicWrite.write(try enc.encode(report), to: json) } catch { throw CLIError.input("\(error)") }
        }
    }
}
