import Foundation
import OnnxFormat

/// Exports torch models to ONNX through the embedded interpreter (python/parity_torch.py)
/// and returns torch's reference outputs.
public struct TorchFrontend: Sendable {
    public enum Exporter: String, Sendable, CaseIterable { case dynamo, torchscript }

    public struct Request: Sendable {
        /// A torchvision classification model name, or a .pt / .pt2 path.
        public var model: String
        /// nil: dynamo for names and .pt2 files, torchscript for .pt files.
        public var exporter: Exporter?
        /// 0: the exporter's default.
        public var opset: Int = 0
        /// Per-sample input shape (no batch axis); nil: the model's default.
        public var inputShape: [Int]?
        public var batches: [Int] = [1, 3]
        public var seed: Int = 0
        /// Re-initialise named models so their logits are healthy (see docs/parity.md).
        public var healthyInit: Bool = true
        /// Noise added to the weights after export: a drill that must make parity fail.
        public var perturb: Double = 0
        public init(model: String) { self.model = model }
    }

    let python: PythonRuntime
    public init(python: PythonRuntime) { self.python = python }

    /// Exports `request.model` to `onnxPath` (external data beside it, if any) and computes
    /// torch's outputs for each batch size.
    public func export(_ request: Request, to onnxPath: String) throws -> FrameworkExport {
        var kwargs: [String: PyValue] = [
            "model": .string(request.model),
            "onnx_path": .string(onnxPath),
            "exporter": .string(request.exporter?.rawValue ?? ""),
            "opset": .int(request.opset),
            "batches": .list(request.batches.map { .int($0) }),
            "seed": .int(request.seed),
            "healthy_init": .bool(request.healthyInit),
            "perturb": .double(request.perturb),
        ]
        if let s = request.inputShape { kwargs["input_shape"] = .list(s.map { .int($0) }) }
        let r: PyValue
        do {
            r = try python.call("parity_torch", "export_check", kwargs)
        } catch PythonError.exception(let type, let message, _) where type == "ParityUsageError" {
            throw FrontendError(message)
        }
        return try Self.decode(r, onnxPath: onnxPath)
    }

    /// The names `--from torch` accepts: torchvision classifiers, `bert` and `mlp`.
    public func modelNames() throws -> [String] {
        try python.call("parity_torch", "model_names").list?.compactMap(\.string) ?? []
    }

    static func decode(_ r: PyValue, onnxPath: String) throws -> FrameworkExport {
        func need<T>(_ v: T?, _ what: String) throws -> T {
            guard let v else { throw FrontendError("parity_torch.export_check returned no '\(what)'") }
            return v
        }
        let inputNames = try need(r["input_names"]?.list?.compactMap(\.string), "input_names")
        let outputNames = try need(r["output_names"]?.list?.compactMap(\.string), "output_names")
        var cases: [FrameworkExport.Case] = []
        for c in try need(r["cases"]?.list, "cases") {
            let ins = try need(c["inputs"]?.list?.compactMap(\.tensor), "inputs")
            let outs = try need(c["outputs"]?.list?.compactMap(\.tensor), "outputs")
            guard ins.count == inputNames.count else {
                throw FrontendError("the ONNX model has \(inputNames.count) inputs, torch was given \(ins.count)")
            }
            guard outs.count == outputNames.count else {
                throw FrontendError("the ONNX model has \(outputNames.count) outputs (\(outputNames.joined(separator: ", "))), torch returned \(outs.count)")
            }
            cases.append(.init(batch: c["batch"]?.int ?? 0,
                               inputs: Array(zip(inputNames, ins)).map { ($0.0, $0.1) },
                               outputs: Array(zip(outputNames, outs)).map { ($0.0, $0.1) }))
        }
        return FrameworkExport(
            modelName: r["model"]?.string ?? "?",
            source: r["source"]?.string ?? "?",
            framework: "torch " + (r["torch_version"]?.string ?? "?"),
            exporter: r["exporter"]?.string ?? "?",
            opset: r["opset"]?.int ?? 0,
            onnxPath: onnxPath,
            inputShape: r["input_shape"]?.list?.compactMap(\.int) ?? [],
            parameterCount: r["parameters"]?.int ?? 0,
            notes: r["notes"]?.list?.compactMap(\.string) ?? [],
            cases: cases,
            exportSeconds: r["export_seconds"]?.double ?? 0,
            referenceSeconds: r["reference_seconds"]?.double ?? 0)
    }
}
