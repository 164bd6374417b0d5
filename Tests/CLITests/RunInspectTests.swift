import Foundation
import OnnxFormat
import Testing

/// `parity run` and `parity inspect` on committed fixtures, as a user runs them.
@Suite struct RunInspectTests {
    static let smallCNN = CLI.repoRoot.appendingPathComponent("Fixtures/nn/small_cnn.onnx").path
    static let testDir = CLI.repoRoot.appendingPathComponent("Fixtures/io/testdir").path

    @Test func inspectPrintsTheContract() throws {
        let r = try CLI.run(["inspect", Self.smallCNN])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  x: float[2,3,9,9]"))
        #expect(r.stdout.contains("  y: float[2,5]"))
        #expect(r.stdout.contains("ai.onnx 17"))
        #expect(r.stdout.contains("Conv 3"))
        let j = try CLI.run(["inspect", Self.smallCNN, "--json"])
        let obj = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        #expect((obj?["opCounts"] as? [String: Int])?["Conv"] == 3)
        #expect(obj?["parameterCount"] as? Int == 1047)
        #expect((obj?["inputs"] as? [[String: Any]])?.first?["shape"] as? [String] == ["2", "3", "9", "9"])
    }

    @Test func runWithRandomInputsWritesAnNpz() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.npz").path
        let r = try CLI.run(["run", Self.smallCNN, "--seed", "3", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("output  y: float[2,5]"))
        let arrays = try Npz.read(path: out)
        #expect(arrays.map(\.name) == ["y"])
        #expect(arrays.first?.tensor.shape == [2, 5])
        // Same seed, same numbers.
        let again = try CLI.run(["run", Self.smallCNN, "--seed", "3"])
        #expect(again.stdout.split(separator: "\n").filter { $0.hasPrefix("output") } ==
                r.stdout.split(separator: "\n").filter { $0.hasPrefix("output") })
    }

    @Test func runOnATestFolderComparesWithItsExpectedOutputs() throws {
        let r = try CLI.run(["run", Self.testDir + "/model.onnx", "--input", Self.testDir])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("expect  y: max abs error 0, within"))
    }

    @Test func runWithAnNpyInput() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = dir.appendingPathComponent("x.npy").path
        try Npy.write(Tensor(shape: [2, 3, 9, 9], floats: (0..<486).map { Float($0 % 7) - 3 }), to: x)
        let r = try CLI.run(["run", Self.smallCNN, "--input", x])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("input   x: float[2,3,9,9]"))
    }

    /// A 4 MB external-data table only a Gather reads: `parity run` says it is read row by
    /// row and writes exactly the picked rows of the values the test wrote.
    @Test func runReadsAGatheredTableRowByRow() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (rows, width) = (4096, 257)
        let values = (0..<(rows * width)).map { Float($0 % 1009) * 0.5 - 7 }
        try values.withUnsafeBytes { Data($0) }.write(to: dir.appendingPathComponent("model.onnx.data"))
        let m = TinyModels.gatherFromExternalTable(rows: rows, width: width, location: "model.onnx.data")
        let model = dir.appendingPathComponent("model.onnx").path
        try ModelFile.save(m, to: model)
        let idsPath = dir.appendingPathComponent("ids.npy").path
        try Npy.write(Tensor(shape: [3], int64s: [4095, 0, 1234]), to: idsPath)
        let out = dir.appendingPathComponent("out.npz").path
        let r = try CLI.run(["run", model, "--input", idsPath, "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("tables  1 read row by row from external data, never decoded: table"), "\(r.stdout)")
        let got = try #require(try Npz.read(path: out).first?.tensor)
        #expect(got.shape == [3, width])
        let want = [4095, 0, 1234].flatMap { values[($0 * width)..<(($0 + 1) * width)] }
        #expect(got.floats == want)
    }

    @Test func wrongInputShapeIsAnInputError() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = dir.appendingPathComponent("x.npy").path
        try Npy.write(Tensor(shape: [1, 3, 9, 9], floats: [Float](repeating: 1, count: 243)), to: x)
        let r = try CLI.run(["run", Self.smallCNN, "--input", x])
        #expect(r.code == 2)
        #expect(r.stderr.contains("input 'x': expected shape float[2,3,9,9], got float[1, 3, 9, 9]"), "\(r.stderr)")
        let bad = dir.appendingPathComponent("bad.npy").path
        try Data("\u{93}NUMPY garbage".utf8).write(to: URL(fileURLWithPath: bad))
        let r2 = try CLI.run(["run", Self.smallCNN, "--input", bad])
        #expect(r2.code == 2)
        #expect(r2.stderr.contains("bad.npy"), "\(r2.stderr)")
    }
}
