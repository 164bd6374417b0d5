import Foundation
import OnnxFormat
import Testing

/// `parity convert` and `parity export-check --from keras` as a user runs them.
@Suite struct KerasCLITests {
    static func fixture(_ name: String) -> String { CLI.repoRoot.appendingPathComponent("Fixtures/keras/\(name)").path }

    @Test func convertWritesAModel() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cnn.onnx").path
        let r = try CLI.run(["convert", Self.fixture("cnn_bn.h5"), "-o", out, "--batch-dim", "4"], timeout: 120)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3 BatchNormalization folded"), "\(r.stdout)")
        let m = try ModelFile.load(out)
        #expect(m.graph.input.first?.type.tensorType.shape.dim.first?.dimValue == 4)
        #expect(m.opsetImport.first?.version == 17)
    }

    @Test func convertRefusalsExit2WithOneLine() throws {
        let r = try CLI.run(["convert", Self.fixture("refuse_lambda_custom.keras"), "-o", "/tmp/unused-\(UUID()).onnx"], timeout: 120)
        #expect(r.code == 2)
        #expect(r.stderr.contains("plus_one (Lambda)") && r.stderr.contains("times_two ("), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        let bad = try CLI.run(["convert", Self.fixture("missing_weights.h5")], timeout: 120)
        #expect(bad.code == 2 && bad.stderr.contains("missing"), "\(bad.stderr)")
        let opset = try CLI.run(["convert", Self.fixture("mlp.h5"), "--opset", "7"], timeout: 120)
        #expect(opset.code == 2)
    }

    @Test func exportCheckFromKerasFile() throws {
        let r = try CLI.run(["export-check", Self.fixture("resnet_block.h5"), "--from", "keras"], timeout: 300)
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS resnet_block"), "\(r.stdout)")
    }

    @Test func exportCheckFromKerasRefusesLambda() throws {
        let r = try CLI.run(["export-check", Self.fixture("refuse_lambda_custom.h5"), "--from", "keras"], timeout: 300)
        #expect(r.code == 2, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stderr.contains("Lambda"))
    }

    @Test func exportCheckKerasApplication() throws {
        let r = try CLI.run(["export-check", "MobileNetV2", "--from", "keras", "--input-shape", "96x96x3", "--batch-sizes", "2"], timeout: 600)
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS MobileNetV2"), "\(r.stdout)")
        let unknown = try CLI.run(["export-check", "MobileNetV9", "--from", "keras"], timeout: 300)
        #expect(unknown.code == 2 && unknown.stderr.contains("did you mean"), "\(unknown.stderr)")
    }
}
