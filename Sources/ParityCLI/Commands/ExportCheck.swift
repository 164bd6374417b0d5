import ArgumentParser
import Foundation
import Frontends
import OnnxFormat
import Parity

/// `parity export-check NAME --from torch`: export, run on the Swift runtime, compare.
struct ExportCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-check",
        abstract: "Export a model to ONNX, run it on Parity's runtime and compare with the framework's own outputs.",
        discussion: """
        MODEL is a torchvision classification model name (resnet18, vit_b_16, ...), a TorchScript
        file (.pt) or a torch.export program (.pt2). Named models get a seeded, healthy
        initialisation (weights=None); see docs/parity.md.
        With --from keras, MODEL is a .keras/.h5 file or a keras.applications name (MobileNetV2,
        ResNet50, ...; weights=None, seeded): Parity converts it to ONNX in Swift and Keras
        (torch backend) computes the reference; see docs/keras.md.
        """)

    enum Framework: String, ExpressibleByArgument, CaseIterable { case torch, keras, sklearn }

    @Argument(help: "Model name or file.")
    var model: String?

    @Option(name: .customLong("from"), help: "Source framework: torch or keras (sklearn is planned).")
    var framework: Framework = .torch

    @Option(help: "torch exporter: dynamo or torchscript (default: dynamo; torchscript for .pt files).")
    var exporter: String?

    @Option(help: "ONNX opset to export (default: the exporter's).")
    var opset: Int?

    @Option(name: .customLong("input-shape"), help: ArgumentHelp("Per-sample input shape without the batch axis, e.g. 3x224x224.", valueName: "CxHxW"))
    var inputShape: String?

    @Option(name: .customLong("batch-sizes"), help: "Batch sizes to check on the dynamic batch axis.")
    var batchSizes: String = "1,3"

    @Option(help: "Seed for initialisation and inputs.")
    var seed: Int = 0

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Keep the exported ONNX model at this path.", valueName: "model.onnx"))
    var output: String?

    @Option(help: "Absolute tolerance.")
    var atol: Double = Tolerance.float32Default.atol

    @Option(help: "Relative tolerance.")
    var rtol: Double = Tolerance.float32Default.rtol

    @Flag(name: .customLong("allow-degenerate"), help: "Accept a reference that cannot discriminate (all zero, below 1e-6, constant or non-finite).")
    var allowDegenerate = false

    @Flag(name: .customLong("no-healthy-init"), help: "Keep torchvision's raw random initialisation (the reference may be degenerate).")
    var noHealthyInit = false

    @Flag(name: .customLong("list-models"), help: "List the model names --from accepts and exit.")
    var listModels = false

    @Option(name: .customLong("perturb-weights"), help: .hidden)
    var perturbWeights: Double = 0

    @OptionGroup var reports: ReportOptions
    @OptionGroup var pythonOptions: PythonOptions

    func validate() throws {
        guard atol >= 0, rtol >= 0, atol.isFinite, rtol.isFinite else { throw ValidationError("--atol and --rtol must be finite and >= 0") }
        guard listModels || model != nil else { throw ValidationError("missing MODEL (a name such as resnet18, or a .pt/.pt2 file)") }
        if let exporter, TorchFrontend.Exporter(rawValue: exporter) == nil {
            throw ValidationError("--exporter must be dynamo or torchscript, not '\(exporter)'")
        }
        _ = try parsedBatches()
        _ = try parsedShape()
        if let opset, !(7...26).contains(opset) { throw ValidationError("--opset \(opset) is outside 7...26") }
    }

    func parsedBatches() throws -> [Int] {
        let parts = batchSizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 1024 }) else {
            throw ValidationError("--batch-sizes must be a comma-separated list of sizes in 1...1024, e.g. 1,3")
        }
        return parts.compactMap { $0 }
    }

    func parsedShape() throws -> [Int]? {
        guard let inputShape else { return nil }
        let parts = inputShape.split(whereSeparator: { $0 == "x" || $0 == "," || $0 == "X" }).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--input-shape must look like 3x224x224 (positive sizes, no batch axis)")
        }
        return parts.compactMap { $0 }
    }

    func run() throws {
        if framework == .keras { return try runKeras() }
        guard framework == .torch else {
            throw CLIError.input("--from \(framework.rawValue) is not supported yet; only --from torch is")
        }
        let python: PythonRuntime
        do { python = try PythonRuntime.shared(python: pythonOptions.python) } catch {
            throw CLIError.input("\(error)")
        }
        let torch = TorchFrontend(python: python)
        if listModels {
            print(try wrapPython { try torch.modelNames() }.joined(separator: "\n"))
            return
        }
        guard let model else { throw CLIError.input("missing MODEL") }
        if model.hasSuffix(".pt") || model.hasSuffix(".pt2") || model.contains("/") {
            guard FileManager.default.fileExists(atPath: model) else { throw CLIError.input("\(model): no such file") }
        }

        var request = TorchFrontend.Request(model: model)
        request.exporter = exporter.flatMap(TorchFrontend.Exporter.init(rawValue:))
        request.opset = opset ?? 0
        request.inputShape = try parsedShape()
        request.batches = try parsedBatches()
        request.seed = seed
        request.healthyInit = !noHealthyInit
        request.perturb = perturbWeights

        try exportAndCheck(model: model, batches: request.batches,
                           announce: "exporting \(model) with torch (\(exporter ?? "default") exporter)...") { path in
            try wrapPython { try torch.export(request, to: path) }
        }
    }

    func runKeras() throws {
        let python: PythonRuntime
        do { python = try PythonRuntime.shared(python: pythonOptions.python) } catch {
            throw CLIError.input("\(error)")
        }
        let keras = KerasFrontend(python: python)
        if listModels {
            print(try wrapPython { try keras.applicationNames() }.joined(separator: "\n"))
            return
        }
        guard let model else { throw CLIError.input("missing MODEL") }
        if exporter != nil { throw CLIError.input("--exporter applies to --from torch only") }
        if KerasFrontend.isModelFile(model) || model.contains("/") {
            guard FileManager.default.fileExists(atPath: model) else { throw CLIError.input("\(model): no such file") }
        }
        var request = KerasFrontend.Request(model: model)
        request.opset = opset ?? 17
        request.inputShape = try parsedShape()
        request.batches = try parsedBatches()
        request.seed = seed
        try exportAndCheck(model: model, batches: request.batches,
                           announce: "converting \(model) to ONNX (Swift) and computing Keras' reference...") { path in
            do { return try wrapPython { try keras.export(request, to: path) } } catch let e as KerasError {
                throw CLIError.input(e.description)
            }
        }
    }

    /// The part every framework shares: export into a staging folder (`export` writes the
    /// ONNX file at the path it is given), run the check, keep the model if asked, write
    /// the reports and exit with the verdict's code. An export error still writes reports.
    func exportAndCheck(model: String, batches: [Int], announce: String,
                        export: (String) throws -> FrameworkExport) throws {
        let staging = try OutputStaging(finalPath: output, defaultName: Self.fileName(for: model))
        defer { staging.cleanUp() }
        status(announce)
        let exported: FrameworkExport
        do {
            exported = try export(staging.stagedPath)
        } catch let e as CLIError {
            try writeErrorReports(model: model, message: e.message)
            throw e
        }
        status("running \(exported.modelName) on the Swift runtime (batch sizes \(batches.map(String.init).joined(separator: ",")))...")
        let check = ParityCheck(tolerance: Tolerance(atol: atol, rtol: rtol), allowDegenerate: allowDegenerate)
        // The check reads the staged file; the model is kept (moved into place) whatever
        // the verdict, so a failing model can be inspected.
        let report = check.run(exported, keptOnnxPath: output)
        if output != nil { _ = try staging.commit() }
        try writeReports(report)
        print(ConsoleReporter.render(report), terminator: "")
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    static func fileName(for model: String) -> String {
        let base = URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent
        return (base.isEmpty ? "model" : base) + ".onnx"
    }

    func wrapPython<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as PythonError {
            if pythonOptions.verbose, let tb = e.traceback { status(tb) }
            throw CLIError.input("\(e)")
        } catch let e as FrontendError {
            throw CLIError.input(e.description)
        }
    }

    func writeReports(_ report: ParityReport) throws {
        do {
            if let p = reports.report { try AtomicWrite.write(try JSONReporter.render(report), to: p) }
            if let p = reports.junit { try AtomicWrite.write(JUnitReporter.render(report), to: p) }
            if let p = reports.markdown { try AtomicWrite.write(MarkdownReporter.render(report), to: p) }
        } catch {
            throw CLIError.input("\(error)")
        }
    }

    /// When the export itself fails, CI still gets reports that say so.
    func writeErrorReports(model: String, message: String) throws {
        guard reports.report != nil || reports.junit != nil || reports.markdown != nil else { return }
        let m = ParityReport.Model(name: model, source: framework.rawValue, framework: framework.rawValue, exporter: exporter ?? "default",
                                   opset: opset ?? 0, onnxPath: nil, inputShape: (try? parsedShape()) ?? [], parameters: 0)
        let r = ParityReport(verdict: .error, model: m, tolerance: Tolerance(atol: atol, rtol: rtol), notes: [], cases: [],
                             degenerate: nil, allowDegenerate: allowDegenerate, error: message, timings: .init())
        try writeReports(r)
    }
}
