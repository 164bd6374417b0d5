import Foundation
import OnnxFormat
import Runtime
@testable import Frontends

/// Fixtures made by Fixtures/keras/make_keras_fixtures.py (Keras 3.15.1, torch backend).
enum KerasFixtures {
    static let directory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras").path
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    /// The case name of a model file: "cnn_bn.tfkeras2.h5" -> "cnn_bn".
    static func caseName(_ file: String) -> String { String(file.split(separator: ".").first ?? "") }

    /// in_K and out_K arrays of a case, in order.
    static func io(_ file: String) throws -> (inputs: [Tensor], outputs: [Tensor]) {
        let arrays = try Npz.read(path: path(caseName(file) + ".io.npz"))
        let d = Dictionary(arrays.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let ins = (0...).lazy.map { d["in_\($0)"] }.prefix { $0 != nil }.compactMap { $0 }
        let outs = (0...).lazy.map { d["out_\($0)"] }.prefix { $0 != nil }.compactMap { $0 }
        return (Array(ins), Array(outs))
    }

    static func temporaryDirectory() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("parity-keras-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// Max abs error of the Swift runtime's outputs against Keras', relative to 1 + |expected|.
    static func runAndCompare(_ r: KerasConverter.Result, file: String) throws -> Double {
        let (ins, outs) = try io(file)
        let session = try InferenceSession(model: r.model)
        guard ins.count == r.inputNames.count, outs.count == r.outputNames.count else {
            throw KerasError("fixture \(file): \(ins.count) inputs/\(outs.count) outputs, model has \(r.inputNames.count)/\(r.outputNames.count)")
        }
        var feeds: [String: Tensor] = [:]
        for (n, t) in zip(r.inputNames, ins) { feeds[n] = t }
        let got = try session.run(feeds)
        var worst = 0.0
        for (n, want) in zip(r.outputNames, outs) {
            guard let g = got[n], g.shape == want.shape, let a = g.asDoubles(), let b = want.asDoubles() else {
                throw KerasError("output \(n): shape \(got[n]?.shape ?? []) vs Keras \(want.shape)")
            }
            for (x, y) in zip(a, b) { worst = max(worst, abs(x - y) / (1 + abs(y))) }
        }
        return worst
    }
}
