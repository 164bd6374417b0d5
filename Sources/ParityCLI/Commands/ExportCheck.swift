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
        MODEL is a torchvision classification model name (resnet18, vit_b_16, ...), bert (a \
        BERT-base encoder built from a transformers config: int64 input_ids and attention_mask, \
        sequence 128), mlp (784-256-10), a TorchScript file (.pt) or a torch.export program \
        (.pt2). Named models get a seeded, healthy initialisation (weights=None); see \
        docs/parity.md.
        With --from keras, MODEL is a .keras/.h5 file or a keras.applications name (MobileNetV2, \
        ResNet50, ...; weights=None, seeded): Parity converts it to ONNX in Swift and Keras \
        (torch backend) computes the reference; see docs/keras.md.
        With --from sklearn, MODEL is a scikit-learn estimator name (LogisticRegression, \
        RandomForestClassifier, PCA, ...; trained on a dataset shipped with scikit-learn) or a \
        pickle/joblib file (refused without --allow-pickle: unpickling runs code from the \
        file); skl2onnx exports it; see docs/sklearn.md.
        """)

    enum Framework: String, ExpressibleByArgument, CaseIterable { case torch, keras, sklearn }

    @Argument(help: "Model name or file.")
    var model: String?

    @Option(name: .customLong("from"), help: "Source framework: torch, keras or sklearn.")
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

    @Option(help: "sklearn: export precision, float32 (default) or float64 (skl2onnx's double path).")
    var dtype: String?

    @Option(help: ArgumentHelp("sklearn: rows to check, from a .npy, .npz or .csv file (default: the demo's dataset).", valueName: "x.npy"))
    var input: String?

    @Flag(name: .customLong("allow-pickle"), help: "sklearn: load a .pkl/.pickle/.joblib file. Unpickling executes code from the file: only for files you trust.")
    var allowPickle = false

    @Option(help: "sklearn: check at most this many rows (default: all).")
    var rows: Int?

    @Option(help: "sklearn classifiers: skl2onnx's zipmap option, on or off (default: chosen per estimator).")
    var zipmap: String?

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
        if framework != .sklearn {
            if dtype != nil || input != nil || allowPickle || rows != nil || zipmap != nil {
                throw ValidationError("--dtype, --input, --allow-pickle, --rows and --zipmap apply to --from sklearn only")
            }
        }
        if let dtype, SklearnFrontend.DType(rawValue: dtype) == nil { throw ValidationError("--dtype must be float32 or float64, not '\(dtype)'") }
        if let zipmap, !["on", "off"].contains(zipmap) { throw ValidationError("--zipmap must be on or off, not '\(zipmap)'") }
        if let rows, rows < 1 { throw ValidationError("--rows must be >= 1") }
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
        if framework == .sklearn { return try runSklearn() }
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

    func runSklearn() throws {
        let python: PythonRuntime
        do { python = try PythonRuntime.shared(python: pythonOptions.python) } catch {
            throw CLIError.input("\(error)")
        }
        let sklearn = SklearnFrontend(python: python)
        if listModels {
            print(try wrapPython { try sklearn.demoNames() }.joined(separator: "\n"))
            return
        }
        guard let model else { throw CLIError.input("missing MODEL") }
        if exporter != nil { throw CLIError.input("--exporter applies to --from torch only") }
        if inputShape != nil { throw CLIError.input("--input-shape applies to --from torch and keras; give rows with --input") }
        if SklearnFrontend.isPickle(model) || model.contains("/") {
            guard FileManager.default.fileExists(atPath: model) else { throw CLIError.input("\(model): no such file") }
        }
        if let input, !FileManager.default.fileExists(atPath: input) { throw CLIError.input("\(input): no such file") }
        var request = SklearnFrontend.Request(model: model)
        request.dtype = dtype.flatMap(SklearnFrontend.DType.init(rawValue:)) ?? .float32
        request.input = input
        request.allowPickle = allowPickle
        request.seed = seed
        request.opset = opset ?? 0
        request.rows = rows ?? 0
        request.zipmap = zipmap.map { $0 == "on" }
        let staging = try OutputStaging(finalPath: output, defaultName: Self.fileName(for: model))
        defer { staging.cleanUp() }
        status("exporting \(model) with skl2onnx (\(request.dtype.rawValue))...")
        let export: FrameworkExport
        do {
            export = try wrapPython { try sklearn.export(request, to: staging.stagedPath) }
        } catch let e as CLIError {
            try writeErrorReports(model: model, message: e.message)
            throw e
        }
        status("running \(export.modelName) on the Swift runtime (\(export.cases.map { "\($0.batch) rows" }.joined(separator: ", ")))...")
        let check = ParityCheck(tolerance: Tolerance(atol: atol, rtol: rtol), allowDegenerate: allowDegenerate)
        let report = check.run(export, keptOnnxPath: output)
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
