import Foundation
import Testing
@testable import Frontends

/// Models the converter must refuse, each with one clear error.
@Suite struct KerasRefusalTests {
    static func error(_ path: String) -> KerasError? {
        do {
            _ = try KerasConverter.convert(path: path)
            return nil
        } catch let e as KerasError {
            return e
        } catch {
            Issue.record("not a KerasError: \(error)")
            return nil
        }
    }

    /// A Lambda and a custom class: never executed, both listed in one error.
    @Test(arguments: ["refuse_lambda_custom.keras", "refuse_lambda_custom.h5"])
    func lambdaAndCustomLayersAreListedTogether(file: String) throws {
        let e = try #require(Self.error(KerasFixtures.path(file)))
        #expect(e.unsupported.map(\.name) == ["plus_one", "times_two"], "\(e)")
        #expect(e.unsupported.first?.className == "Lambda")
        #expect(e.description.contains("plus_one (Lambda)") && e.description.contains("times_two (") && e.description.contains("TimesTwo)"), "\(e)")
        #expect(!e.description.contains("\n"))
    }

    /// A Keras mask reaching a layer that would use it is refused, not silently dropped.
    @Test func maskedRecurrentLayer() throws {
        let e = try #require(Self.error(KerasFixtures.path("refuse_masked_lstm.keras")))
        #expect(e.description.contains("(LSTM)") && e.description.contains("mask"), "\(e)")
    }

    /// LayerScale is converted only as keras.applications' own class, never a custom one.
    @Test func customLayerScaleIsRefused() throws {
        let dir = try KerasFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try KerasModelSpec.parse(["class_name": "Sequential", "config": ["name": "s", "layers": [
            ["class_name": "InputLayer", "config": ["name": "in", "batch_shape": [NSNull(), 4]]],
            ["class_name": "LayerScale", "module": "my_project.layers", "config": ["name": "scale", "projection_dim": 4]],
        ] as [Any]] as [String: Any]])
        #expect(throws: KerasError.self) { try KerasConverter.checkSupported(spec) }
        do { try KerasConverter.checkSupported(spec) } catch let e as KerasError {
            #expect(e.unsupported.map(\.name) == ["scale"], "\(e)")
        }
    }

    @Test func truncatedFiles() throws {
        let dir = try KerasFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in ["mlp.h5", "mlp.keras", "cnn_bn.h5"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: KerasFixtures.path(file)))
            for fraction in [0.1, 0.5, 0.9] {
                let p = dir.appendingPathComponent("cut-\(fraction)-\(file)").path
                try data.prefix(Int(Double(data.count) * fraction)).write(to: URL(fileURLWithPath: p))
                let e = try #require(Self.error(p), "\(file) cut at \(fraction) was accepted")
                #expect(!e.description.contains("\n"), "\(e)")
            }
        }
    }

    @Test func corruptBytesInsideTheFile() throws {
        let dir = try KerasFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var data = try Data(contentsOf: URL(fileURLWithPath: KerasFixtures.path("mlp.keras")))
        // Flip bytes in the middle of the stored model.weights.h5: the zip CRC catches it.
        for i in stride(from: data.count / 2, to: data.count / 2 + 64, by: 1) { data[i] ^= 0x5A }
        let p = dir.appendingPathComponent("flipped.keras").path
        try data.write(to: URL(fileURLWithPath: p))
        let e = try #require(Self.error(p))
        #expect(e.description.contains("CRC") || e.description.contains("corrupt"), "\(e)")
    }

    @Test func notAKerasModel() throws {
        let dir = try KerasFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.h5").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(Self.error(empty)?.description.contains("empty") == true)
        let text = dir.appendingPathComponent("notes.keras").path
        try Data("hello, not a model".utf8).write(to: URL(fileURLWithPath: text))
        #expect(Self.error(text)?.description.contains("not a Keras model") == true)
        let npz = KerasFixtures.path("mlp.io.npz")  // a zip, but not a .keras one
        #expect(Self.error(npz)?.description.contains("no config.json") == true)
        #expect(Self.error(dir.appendingPathComponent("missing.h5").path)?.description.contains("no such file") == true)
    }

    @Test func weightsOnlyFile() throws {
        let e = try #require(Self.error(KerasFixtures.path("weights_only.weights.h5")))
        #expect(e.description.contains("not a Keras model") || e.description.contains("weights-only"), "\(e)")
    }

    @Test func missingWeightsForALayer() throws {
        let e = try #require(Self.error(KerasFixtures.path("missing_weights.h5")))
        #expect(e.description.contains("dense") && e.description.contains("missing"), "\(e)")
    }

    @Test func badOpset() {
        var o = KerasConverter.Options()
        o.opset = 9
        #expect(throws: KerasError.self) { try KerasConverter.convert(path: KerasFixtures.path("mlp.h5"), options: o) }
    }
}
