import Foundation
import Frontends

/// Exports a model for `parity bench --from`: the same frontends as export-check, with one
/// case per benchmarked batch size, whose inputs every engine is then fed.
public enum BenchExport {
    /// The frameworks a model can be exported from.
    public enum Framework: String, CaseIterable, Sendable { case torch, keras, sklearn }

    /// Exports `model` (a name or file as export-check takes) from `framework` to `onnxPath`.
    /// scikit-learn models are fed `batch` rows of the demo's dataset (repeated when the
    /// batch is larger); torch and Keras models seeded inputs of `batch` samples.
    /// Throws FrontendError, KerasError or PythonError for what the user asked wrongly.
    public static func export(_ model: String, from framework: Framework, batches: [Int], seed: Int, allowPickle: Bool,
                              python: PythonRuntime, to onnxPath: String) throws -> FrameworkExport {
        switch framework {
        case .torch:
            var request = TorchFrontend.Request(model: model)
            request.batches = batches
            request.seed = seed
            return try TorchFrontend(python: python).export(request, to: onnxPath)
        case .keras:
            var request = KerasFrontend.Request(model: model)
            request.batches = batches
            request.seed = seed
            return try KerasFrontend(python: python).export(request, to: onnxPath)
        case .sklearn:
            var request = SklearnFrontend.Request(model: model)
            request.batches = batches
            request.seed = seed
            request.allowPickle = allowPickle
            return try SklearnFrontend(python: python).export(request, to: onnxPath)
        }
    }
}
