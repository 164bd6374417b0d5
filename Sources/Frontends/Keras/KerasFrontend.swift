import Foundation
import OnnxFormat

/// `export-check --from keras`: the model is converted to ONNX in Swift (KerasConverter)
/// and Keras itself (torch backend, in the embedded interpreter; python/parity_keras.py)
/// computes the reference outputs. MODEL is a .keras/.h5 file or a keras.applications name
/// (weights=None, seeded, classifier_activation=None).
public struct KerasFrontend: Sendable {
    public struct Request: Sendable {
        public var model: String
        public var opset: Int = 17
        /// Per-sample input shape for applications (nil: the application's default).
        public var inputShape: [Int]?
        public var batches: [Int] = [1, 3]
        public var seed: Int = 0
        public init(model: String) { self.model = model }
    }

    let python: PythonRuntime
    public init(python: PythonRuntime) { self.python = python }

    public static func isModelFile(_ model: String) -> Bool {
        model.hasSuffix(".h5") || model.hasSuffix(".keras") || model.hasSuffix(".hdf5")
    }

    public func applicationNames() throws -> [String] {
        try python.call("parity_keras", "application_names").list?.compactMap(\.string) ?? []
    }

    public func export(_ request: Request, to onnxPath: String) throws -> FrameworkExport {
        let t0 = Date()
        var source = "keras-file"
        var modelPath = request.model
        var tempDir: URL?
        var notes: [String] = []
        defer { if let tempDir { try? FileManager.default.removeItem(at: tempDir) } }
        do {
            if !Self.isModelFile(request.model) {
                source = "keras.applications"
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parity-keras-app-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                tempDir = dir
                modelPath = dir.appendingPathComponent("\(request.model).keras").path
                var kw: [String: PyValue] = ["name": .string(request.model), "path": .string(modelPath), "seed": .int(request.seed)]
                if let s = request.inputShape { kw["input_shape"] = .list(s.map { .int($0) }) }
                let built = try python.call("parity_keras", "build_application", kw)
                notes += built["notes"]?.list?.compactMap(\.string) ?? []
            }
        } catch PythonError.exception(let type, let message, _) where type == "ParityUsageError" {
            throw FrontendError(message)
        }
        var options = KerasConverter.Options()
        options.opset = request.opset
        // The reference is computed by Keras on the torch backend.
        options.backend = "torch"
        let converted = try KerasConverter.convert(path: modelPath, to: onnxPath, options: options)
        let exportSeconds = Date().timeIntervalSince(t0)
        let r: PyValue
        do {
            r = try python.call("parity_keras", "reference", ["model_path": .string(modelPath),
                                                             "batches": .list(request.batches.map { .int($0) }),
                                                             "seed": .int(request.seed)])
        } catch PythonError.exception(let type, let message, _) where type == "ParityUsageError" {
            throw FrontendError(message)
        }
        guard let rawCases = r["cases"]?.list else { throw FrontendError("parity_keras.reference returned no cases") }
        var cases: [FrameworkExport.Case] = []
        for c in rawCases {
            let ins = c["inputs"]?.list?.compactMap(\.tensor) ?? []
            let outs = c["outputs"]?.list?.compactMap(\.tensor) ?? []
            guard ins.count == converted.inputNames.count, outs.count == converted.outputNames.count else {
                throw FrontendError("the ONNX model has \(converted.inputNames.count) inputs and \(converted.outputNames.count) outputs; Keras has \(ins.count) and \(outs.count)")
            }
            cases.append(.init(batch: c["batch"]?.int ?? 0,
                               inputs: zip(converted.inputNames, ins).map { ($0, $1) },
                               outputs: zip(converted.outputNames, outs).map { ($0, $1) }))
        }
        return FrameworkExport(
            modelName: source == "keras.applications" ? request.model : (r["model"]?.string ?? converted.modelName),
            source: source,
            framework: "keras " + (r["keras_version"]?.string ?? "?") + " (torch backend)",
            exporter: "parity-keras",
            opset: request.opset,
            onnxPath: onnxPath,
            inputShape: r["input_shape"]?.list?.compactMap(\.int) ?? [],
            parameterCount: r["parameters"]?.int ?? converted.parameterCount,
            notes: notes + ["converted in Swift: \(converted.layerCount) Keras layers -> \(converted.nodeCount) ONNX nodes, \(converted.foldedBatchNorms) BatchNormalization folded"],
            cases: cases,
            exportSeconds: exportSeconds,
            referenceSeconds: r["reference_seconds"]?.double ?? 0)
    }
}
