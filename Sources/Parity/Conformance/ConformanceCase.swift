import Foundation
import OnnxFormat

/// The suites of the ONNX backend test data.
public enum ConformanceSuite: String, Codable, Sendable, CaseIterable, Comparable {
    /// One op (or its function expansion) per case; written by `make setup` to
    /// `conformance-data/node` (onnx 1.23 no longer ships them as files).
    case node
    /// Small versions of classic CNNs, shipped in the onnx wheel (`data/light/*.onnx`).
    case light
    /// Small hand-made models, shipped in the onnx wheel.
    case simple
    /// Models converted from PyTorch modules, shipped in the onnx wheel.
    case pytorchConverted = "pytorch-converted"
    /// Single PyTorch operators exported to ONNX, shipped in the onnx wheel.
    case pytorchOperator = "pytorch-operator"
    /// Full-size models named by a URL in `data.json` (onnx 1.23 points them at the light
    /// models; a remote URL cannot be fetched offline and is reported unsupported).
    case real

    public static func < (a: Self, b: Self) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// One backend test case: a model, its data sets (or how to make its inputs) and its
/// tolerance.
public struct ConformanceCase: Codable, Sendable, Equatable {
    /// How the case's inputs and expected outputs are given.
    public enum Data: Codable, Sendable, Equatable {
        /// `test_data_set_N` folders beside the model.
        case dataSets([String])
        /// The onnx runner's rule for light models: every non-initializer float input is
        /// `arange(n).reshape(shape) / n` (unknown dimensions are 1); the expected outputs
        /// are these files.
        case generatedInputs(expectedOutputs: [String])
        /// The case cannot run here, for this reason.
        case unavailable(String)
    }

    /// Unique over all suites: the case name for node cases, `suite/name` for the others.
    public var id: String
    public var name: String
    public var suite: ConformanceSuite
    public var modelPath: String
    public var tolerance: Tolerance
    public var data: Data

    public init(id: String, name: String, suite: ConformanceSuite, modelPath: String, tolerance: Tolerance, data: Data) {
        self.id = id; self.name = name; self.suite = suite; self.modelPath = modelPath
        self.tolerance = tolerance; self.data = data
    }

    /// The suite's default when a case has no tolerance of its own (onnx's loader).
    public static let defaultTolerance = Tolerance(atol: 1e-7, rtol: 1e-3)
}

/// Errors finding the suites on disk (exit code 2 in the CLI).
public struct ConformanceError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Finds the cases of each suite on disk.
public enum ConformanceDiscovery {
    /// The cases of `suite`. `dataRoot` holds `node/` (from `make setup`); `shippedRoot`
    /// is the onnx wheel's `onnx/backend/test/data` folder (light, simple, pytorch-*, real).
    public static func cases(suite: ConformanceSuite, dataRoot: String?, shippedRoot: String?) throws -> [ConformanceCase] {
        switch suite {
        case .node:
            guard let dataRoot else { throw ConformanceError("no conformance data folder: run `make setup`, or pass --data PATH") }
            return try folderCases(root: (dataRoot as NSString).appendingPathComponent("node"), suite: .node)
        case .simple, .pytorchConverted, .pytorchOperator:
            return try folderCases(root: try shipped(shippedRoot, suite), suite: suite)
        case .light:
            return try lightCases(root: try shipped(shippedRoot, suite))
        case .real:
            return try realCases(root: try shipped(shippedRoot, suite))
        }
    }

    static func shipped(_ root: String?, _ suite: ConformanceSuite) throws -> String {
        guard let root else {
            throw ConformanceError("the \(suite.rawValue) suite ships in the onnx wheel, and no venv with onnx was found: run `make setup`")
        }
        return (root as NSString).appendingPathComponent(suite.rawValue)
    }

    static func isDirectory(_ path: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
    }

    static func list(_ root: String) throws -> [String] {
        guard isDirectory(root) else { throw ConformanceError("\(root): no such folder (run `make setup`)") }
        do { return try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") }.sorted() } catch {
            throw ConformanceError("\(root): cannot list (\(error.localizedDescription))")
        }
    }

    /// A tolerance file: `{"rtol": R, "atol": A}` (tolerance.json, or data.json of the
    /// shipped suites). Missing keys take the default; an unreadable file is the default.
    static func tolerance(_ path: String) -> Tolerance {
        guard let data = FileManager.default.contents(atPath: path),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return ConformanceCase.defaultTolerance }
        let d = ConformanceCase.defaultTolerance
        let atol = (obj["atol"] as? NSNumber)?.doubleValue ?? d.atol
        let rtol = (obj["rtol"] as? NSNumber)?.doubleValue ?? d.rtol
        return Tolerance(atol: atol.isFinite && atol >= 0 ? atol : d.atol, rtol: rtol.isFinite && rtol >= 0 ? rtol : d.rtol)
    }

    static func id(_ suite: ConformanceSuite, _ name: String) -> String {
        suite == .node ? name : "\(suite.rawValue)/\(name)"
    }

    /// `<root>/<case>/model.onnx` with `test_data_set_N` folders.
    static func folderCases(root: String, suite: ConformanceSuite) throws -> [ConformanceCase] {
        try list(root).compactMap { name in
            let dir = (root as NSString).appendingPathComponent(name)
            guard isDirectory(dir) else { return nil }
            let model = (dir as NSString).appendingPathComponent("model.onnx")
            var tol = ConformanceCase.defaultTolerance
            for f in ["tolerance.json", "data.json"] where FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(f)) {
                tol = tolerance((dir as NSString).appendingPathComponent(f))
            }
            let sets = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .compactMap { n -> (Int, String)? in
                    guard n.hasPrefix("test_data_set_"), let k = Int(n.dropFirst("test_data_set_".count)) else { return nil }
                    return (k, (dir as NSString).appendingPathComponent(n))
                }
                .sorted { $0.0 < $1.0 }.map(\.1)
            let data: ConformanceCase.Data = FileManager.default.fileExists(atPath: model)
                ? .dataSets(sets) : .unavailable("no model.onnx in \(dir)")
            return ConformanceCase(id: id(suite, name), name: name, suite: suite, modelPath: model, tolerance: tol, data: data)
        }
    }

    /// `light/light_<model>.onnx` with `light_<model>_output_K.pb`.
    static func lightCases(root: String) throws -> [ConformanceCase] {
        try list(root).filter { $0.hasSuffix(".onnx") }.map { file in
            let name = String(file.dropLast(".onnx".count))
            return ConformanceCase(id: id(.light, name), name: name, suite: .light,
                                   modelPath: (root as NSString).appendingPathComponent(file),
                                   tolerance: ConformanceCase.defaultTolerance,
                                   data: .generatedInputs(expectedOutputs: expectedOutputs(root: root, prefix: name)))
        }
    }

    static func expectedOutputs(root: String, prefix: String) -> [String] {
        var outs: [String] = []
        while true {
            let p = (root as NSString).appendingPathComponent("\(prefix)_output_\(outs.count).pb")
            guard FileManager.default.fileExists(atPath: p) else { return outs }
            outs.append(p)
        }
    }

    /// `real/<case>/data.json` naming a model URL. onnx's runner resolves a URL under
    /// `onnx/backend/test/data/light/` to the shipped light model (with generated inputs);
    /// any other URL would be downloaded, which this runner does not do.
    static func realCases(root: String) throws -> [ConformanceCase] {
        let dataRoot = (root as NSString).deletingLastPathComponent
        return try list(root).compactMap { name in
            let dir = (root as NSString).appendingPathComponent(name)
            guard isDirectory(dir) else { return nil }
            let json = (dir as NSString).appendingPathComponent("data.json")
            let tol = tolerance(json)
            let url = FileManager.default.contents(atPath: json)
                .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?["url"] as? String ?? ""
            let localPrefix = "onnx/backend/test/data/"
            if url.hasPrefix(localPrefix + "light/") {
                let rel = String(url.dropFirst(localPrefix.count))
                let model = (dataRoot as NSString).appendingPathComponent(rel)
                let prefix = ((model as NSString).lastPathComponent as NSString).deletingPathExtension
                let outs = expectedOutputs(root: (model as NSString).deletingLastPathComponent, prefix: prefix)
                return ConformanceCase(id: id(.real, name), name: name, suite: .real, modelPath: model, tolerance: tol,
                                       data: .generatedInputs(expectedOutputs: outs))
            }
            let why = url.isEmpty ? "data.json names no model URL" : "the model is at \(url), which is not downloaded (the runner works offline)"
            return ConformanceCase(id: id(.real, name), name: name, suite: .real, modelPath: "", tolerance: tol, data: .unavailable(why))
        }
    }

    /// The onnx wheel's `onnx/backend/test/data` under a venv, if present.
    public static func shippedRoot(venv: String) -> String? {
        let lib = (venv as NSString).appendingPathComponent("lib")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python3") }.sorted()
        for v in versions.reversed() {
            let p = "\(lib)/\(v)/site-packages/onnx/backend/test/data"
            if isDirectory(p) { return p }
        }
        return nil
    }
}
