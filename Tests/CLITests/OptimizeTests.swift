import Foundation
import OnnxFormat
import Testing

/// `parity optimize` on the built binary; onnxruntime (through the repository's venv) is
/// the judge: the optimised file must load there and give the original's outputs.
@Suite(.serialized) struct OptimizeCLITests {
    static let python = CLI.repoRoot.appendingPathComponent(".venv/bin/python").path
    static var hasPython: Bool { FileManager.default.isExecutableFile(atPath: python) }
    static let smallCNN = CLI.repoRoot.appendingPathComponent("Fixtures/nn/small_cnn.onnx").path

    /// Runs both files in onnxruntime (its own graph optimisations off) on the same seeded
    /// inputs; returns the largest |a - b| / max|a| over the outputs, and the optimised
    /// file's op types.
    static func compareInOnnxruntime(_ original: String, _ optimised: String) throws -> (relative: Double, ops: [String], stderr: String) {
        let script = """
        import sys, json, numpy as np, onnx, onnxruntime as ort
        so = ort.SessionOptions(); so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        a = ort.InferenceSession(sys.argv[1], so, providers=["CPUExecutionProvider"])
        b = ort.InferenceSession(sys.argv[2], so, providers=["CPUExecutionProvider"])
        rng = np.random.default_rng(0)
        feeds = {i.name: rng.standard_normal([d if isinstance(d, int) else 2 for d in i.shape]).astype(np.float32) for i in a.get_inputs()}
        worst = 0.0
        for x, y in zip(a.run(None, feeds), b.run(None, feeds)):
            worst = max(worst, float(np.abs(x - y).max() / max(np.abs(x).max(), 1e-30)))
        print(json.dumps({"relative": worst, "ops": [n.op_type for n in onnx.load(sys.argv[2]).graph.node]}))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, original, optimised]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: data.isEmpty ? Data("{}".utf8) : data) as? [String: Any]
        return (json?["relative"] as? Double ?? .infinity, json?["ops"] as? [String] ?? [], errText)
    }

    @Test(.enabled(if: hasPython, "the venv is missing: run `make setup`"))
    func smallCNNOptimisesAndRunsTheSameInOnnxruntime() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("opt.onnx").path
        let before = try Data(contentsOf: URL(fileURLWithPath: Self.smallCNN))
        let r = try CLI.run(["optimize", Self.smallCNN, "-o", out])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("fold-batchnorm: 12 -> 11 nodes, 1 rewrite"), "\(r.stdout)")
        #expect(r.stdout.contains("fuse-conv-activation:"), "\(r.stdout)")
        #expect(r.stdout.contains("small_cnn.onnx: 12 -> 9 nodes"), "\(r.stdout)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: Self.smallCNN)) == before, "the input file changed")
        let c = try Self.compareInOnnxruntime(Self.smallCNN, out)
        #expect(c.relative <= 1e-5, "relative difference \(c.relative)\n\(c.stderr)")
        #expect(c.ops.contains("FusedConv") && !c.ops.contains("BatchNormalization"), "\(c.ops)")
        // No staging leftovers beside the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["opt.onnx"])
    }

    @Test func runWithAndWithoutTheOptimiserAgree() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.npz").path, b = dir.appendingPathComponent("b.npz").path
        let on = try CLI.run(["run", Self.smallCNN, "-o", a])
        let off = try CLI.run(["run", Self.smallCNN, "--no-optimize", "-o", b])
        let env = try CLI.run(["run", Self.smallCNN], env: ["PARITY_OPTIMIZE": "0"])
        #expect(on.code == 0 && off.code == 0 && env.code == 0, "\(on.stderr)\(off.stderr)\(env.stderr)")
        let x = try Npz.read(path: a), y = try Npz.read(path: b)
        let p = try #require(x.first?.tensor.floats), q = try #require(y.first?.tensor.floats)
        #expect(p.count == q.count && p.count == 10)
        let scale = q.map { abs($0) }.max() ?? 1
        #expect(zip(p, q).allSatisfy { abs($0 - $1) <= 1e-5 * scale }, "\(p) vs \(q)")
    }

    @Test func badInputIsExitCode2WithOneLine() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("o.onnx").path
        func expectError(_ args: [String], _ fragment: String) throws {
            let r = try CLI.run(args)
            #expect(r.code == 2, "\(args): exit \(r.code)\n\(r.stdout)\n\(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && r.stderr.contains(fragment), "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        try expectError(["optimize", dir.appendingPathComponent("missing.onnx").path, "-o", out], "no such file")
        let corrupt = dir.appendingPathComponent("corrupt.onnx").path
        try Data([0x08, 0x07, 0x12, 0xff, 0xff]).write(to: URL(fileURLWithPath: corrupt))
        try expectError(["optimize", corrupt, "-o", out], "not a valid ONNX model")

        // A model with an op the runtime lacks.
        var m = Onnx_ModelProto()
        m.irVersion = 8
        var o = Onnx_OperatorSetIdProto(); o.version = 17
        m.opsetImport = [o]
        var n = Onnx_NodeProto(); n.opType = "NoSuchOp"; n.input = ["x"]; n.output = ["y"]
        var x = Onnx_ValueInfoProto(); x.name = "x"; x.type.tensorType.elemType = 1
        var y = Onnx_ValueInfoProto(); y.name = "y"
        m.graph.node = [n]; m.graph.input = [x]; m.graph.output = [y]; m.graph.name = "g"
        let unsupported = dir.appendingPathComponent("unsupported.onnx").path
        try ModelFile.save(m, to: unsupported)
        try expectError(["optimize", unsupported, "-o", out], "unsupported ops: NoSuchOp x1")
        try expectError(["optimize", Self.smallCNN, "-o", Self.smallCNN], "is the input file")
    }

    /// torchvision models through both exporters: export-check (which runs the optimised
    /// graph against torch), then `parity optimize`, then onnxruntime on both files.
    @Test(.enabled(if: hasPython, "the venv is missing: run `make setup`"),
          arguments: [("resnet18", "dynamo"), ("resnet18", "torchscript"), ("mobilenet_v3_small", "dynamo")])
    func torchvisionModelsOptimiseAndAgreeInOnnxruntime(model: String, exporter: String) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let onnx = dir.appendingPathComponent("m.onnx").path, out = dir.appendingPathComponent("opt.onnx").path
        let e = try CLI.run(["export-check", model, "--from", "torch", "--exporter", exporter, "-o", onnx])
        #expect(e.code == 0, "\(e.stdout)\n\(e.stderr)")
        let r = try CLI.run(["optimize", onnx, "-o", out])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("fuse-conv-activation:") && !r.stdout.contains("fuse-conv-activation: nothing"), "\(r.stdout)")
        let c = try Self.compareInOnnxruntime(onnx, out)
        #expect(c.relative <= 1e-5, "\(model) \(exporter): relative difference \(c.relative)\n\(c.stderr)")
        #expect(c.ops.contains("FusedConv"))
    }
}
