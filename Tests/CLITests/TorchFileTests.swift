import Foundation
import Testing

/// Files a user brings: a TorchScript .pt and a torch.export .pt2 (Fixtures/torch, made by
/// make_torch_fixtures.py). Their weights are the user's: no re-initialisation.
@Suite(.serialized) struct TorchFileTests {
    static let fixtures = CLI.repoRoot.appendingPathComponent("Fixtures/torch")

    @Test(arguments: ["small_cnn.pt", "small_cnn.pt2"])
    func torchFilesPass(file: String) throws {
        let path = Self.fixtures.appendingPathComponent(file).path
        let r = try CLI.run(["export-check", path, "--from", "torch", "--input-shape", "3x32x32"])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS small_cnn.\(file.hasSuffix("pt2") ? "pt2 (dynamo" : "pt (torchscript")"))
    }

    @Test func incompatibleExporterIsAUsageError() throws {
        let path = Self.fixtures.appendingPathComponent("small_cnn.pt").path
        let r = try CLI.run(["export-check", path, "--exporter", "dynamo", "--input-shape", "3x32x32"])
        #expect(r.code == 2)
        #expect(r.stderr.contains("can only be exported with --exporter torchscript"), "\(r.stderr)")
    }

    @Test func corruptTorchFileIsAnInputError() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.pt")
        try Data("PK\u{3}\u{4} definitely not a TorchScript archive".utf8).write(to: bad)
        let r = try CLI.run(["export-check", bad.path, "--input-shape", "3x32x32"])
        #expect(r.code == 2)
        #expect(r.stderr.contains("bad.pt: cannot load as a TorchScript file"), "\(r.stderr)")
    }
}
