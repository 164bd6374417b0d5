import Foundation
import OnnxFormat

/// Exports scikit-learn estimators to ONNX with skl2onnx through the embedded interpreter
/// (python/parity_sklearn.py) and returns the estimator's own outputs (predict,
/// predict_proba or decision_function, transform) on the same rows.
public struct SklearnFrontend: Sendable {
    public enum DType: String, Sendable, CaseIterable { case float32, float64 }

    public struct Request: Sendable {
        /// A demo estimator name (LogisticRegression, RandomForestClassifier, ...) or a
        /// .pkl/.pickle/.joblib file.
        public var model: String
        public var dtype: DType = .float32
        /// Rows to check: a .npy, .npz or .csv file; nil: the demo's dataset.
        public var input: String?
        /// Unpickling executes code from the file: refused unless this is set.
        public var allowPickle = false
        public var seed = 0
        /// 0: skl2onnx's default.
        public var opset = 0
        /// Cap on the rows checked (0: all).
        public var rows = 0
        /// nil: chosen per estimator; true/false: skl2onnx's zipmap option.
        public var zipmap: Bool?
        /// Row counts of the cases; nil: 1 and all rows. Rows repeat when a batch is larger
        /// than the data (`parity bench --batch`).
        public var batches: [Int]?
        public init(model: String) { self.model = model }
    }

    /// Files the frontend treats as pickled estimators.
    public static func isPickle(_ path: String) -> Bool {
        [".pkl", ".pickle", ".joblib"].contains { path.hasSuffix($0) }
    }

    let python: PythonRuntime
    public init(python: PythonRuntime) { self.python = python }

    public func export(_ request: Request, to onnxPath: String) throws -> FrameworkExport {
        var kwargs: [String: PyValue] = [
            "model": .string(request.model),
            "onnx_path": .string(onnxPath),
            "dtype": .string(request.dtype.rawValue),
            "input_path": .string(request.input ?? ""),
            "allow_pickle": .bool(request.allowPickle),
            "seed": .int(request.seed),
            "opset": .int(request.opset),
            "rows": .int(request.rows),
        ]
        if let z = request.zipmap { kwargs["zipmap"] = .string(z ? "on" : "off") }
        if let b = request.batches { kwargs["batches"] = .list(b.map { .int($0) }) }
        let r: PyValue
        do {
            r = try python.call("parity_sklearn", "export_check", kwargs)
        } catch PythonError.exception(let type, let message, _) where type == "ParityUsageError" || type == "ParityUnsupportedError" {
            throw FrontendError(message)
        }
        return try Self.decode(r, onnxPath: onnxPath)
    }

    /// The demo estimator names.
    public func demoNames() throws -> [String] {
        try python.call("parity_sklearn", "demo_names").list?.compactMap(\.string) ?? []
    }

    /// A tensor, or a string array sent as {"strings": [...], "shape": [...]}.
    static func tensor(_ v: PyValue) throws -> Tensor? {
        if let t = v.tensor { return t }
        guard let s = v["strings"]?.list?.compactMap(\.string), let shape = v["shape"]?.list?.compactMap(\.int) else { return nil }
        do {
            return try Tensor(dataType: .string, shape: shape, storage: .string(s))
        } catch {
            throw FrontendError("parity_sklearn returned a malformed string array: \(error)")
        }
    }

    static func decode(_ r: PyValue, onnxPath: String) throws -> FrameworkExport {
        func need<T>(_ v: T?, _ what: String) throws -> T {
            guard let v else { throw FrontendError("parity_sklearn.export_check returned no '\(what)'") }
            return v
        }
        let inputNames = try need(r["input_names"]?.list?.compactMap(\.string), "input_names")
        let outputNames = try need(r["output_names"]?.list?.compactMap(\.string), "output_names")
        var cases: [FrameworkExport.Case] = []
        for c in try need(r["cases"]?.list, "cases") {
            let ins = try need(c["inputs"]?.list, "inputs").compactMap(tensor)
            let outs = try need(c["outputs"]?.list, "outputs").compactMap(tensor)
            guard ins.count == inputNames.count else {
                throw FrontendError("the ONNX model has \(inputNames.count) inputs, scikit-learn was given \(ins.count)")
            }
            guard outs.count == outputNames.count else {
                throw FrontendError("the ONNX model has \(outputNames.count) outputs (\(outputNames.joined(separator: ", "))), scikit-learn gave \(outs.count)")
            }
            var k = FrameworkExport.Case(batch: c["batch"]?.int ?? 0,
                                         inputs: Array(zip(inputNames, ins)).map { ($0.0, $0.1) },
                                         outputs: Array(zip(outputNames, outs)).map { ($0.0, $0.1) })
            k.thresholdRows = c["threshold_rows"]?.list?.compactMap(\.int) ?? []
            cases.append(k)
        }
        var notes = r["notes"]?.list?.compactMap(\.string) ?? []
        if let d = r["dtype"]?.string { notes.insert("dtype \(d)", at: 0) }
        let ml = r["ml_opset"]?.int ?? 0
        var export = FrameworkExport(
            modelName: r["model"]?.string ?? "?",
            source: r["source"]?.string ?? "?",
            framework: "scikit-learn " + (r["sklearn_version"]?.string ?? "?"),
            exporter: (r["exporter"]?.string ?? "skl2onnx") + (ml > 0 ? " (ai.onnx.ml \(ml))" : ""),
            opset: r["opset"]?.int ?? 0,
            onnxPath: onnxPath,
            inputShape: r["input_shape"]?.list?.compactMap(\.int) ?? [],
            parameterCount: r["parameters"]?.int ?? 0,
            notes: notes,
            cases: cases,
            exportSeconds: r["export_seconds"]?.double ?? 0,
            referenceSeconds: r["reference_seconds"]?.double ?? 0)
        for (k, v) in r["label_scores"]?.dict ?? [:] { if let s = v.string { export.labelScores[k] = s } }
        for (k, v) in r["output_keys"]?.dict ?? [:] { if let l = v.list { export.outputKeys[k] = l.compactMap(\.string) } }
        return export
    }
}
