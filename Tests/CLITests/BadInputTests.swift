import Foundation
import OnnxFormat
import Testing

/// Every bad input ends with one clear error line and exit code 2: never a crash or hang.
@Suite struct BadInputTests {
    func expectError(_ args: [String], _ fragment: String, env: [String: String] = [:]) throws {
        let r = try CLI.run(args, env: env, timeout: 300)
        #expect(!r.timedOut, "\(args) hung")
        #expect(r.code == 2, "\(args): exit \(r.code)\n\(r.stdout)\n\(r.stderr)")
        #expect((r.stdout + r.stderr).contains(fragment), "\(args): '\(fragment)' not in\n\(r.stdout)\n\(r.stderr)")
    }

    @Test func unknownModelNameSuggestsTheClosest() throws {
        try expectError(["export-check", "resnet81", "--from", "torch"], "did you mean resnet18")
    }

    @Test func missingFiles() throws {
        try expectError(["export-check", "/nonexistent/model.pt", "--from", "torch"], "/nonexistent/model.pt: no such file")
        try expectError(["inspect", "/nonexistent/model.onnx"], "/nonexistent/model.onnx: no such file")
    }

    @Test func usageErrorsExit2() throws {
        try expectError(["export-check", "resnet18", "--batch-sizes", "0"], "--batch-sizes")
        try expectError(["export-check", "resnet18", "--exporter", "foo"], "--exporter must be dynamo or torchscript")
        try expectError(["frobnicate"], "Unexpected argument")
    }

    @Test func corruptAndTruncatedModels() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let junk = dir.appendingPathComponent("junk.onnx")
        try Data("this is not protobuf at all \u{1}\u{2}\u{3}".utf8).write(to: junk)
        try expectError(["inspect", junk.path], "junk.onnx: not a valid ONNX model")
        // A real model cut in half.
        let model = TinyModels.unsupportedOp()
        let bytes = try model.serializedData()
        let cut = dir.appendingPathComponent("cut.onnx")
        try bytes.prefix(bytes.count / 2).write(to: cut)
        try expectError(["inspect", cut.path], "cut.onnx: not a valid ONNX model")
        let empty = dir.appendingPathComponent("empty.onnx")
        try Data().write(to: empty)
        try expectError(["inspect", empty.path], "empty.onnx: file is empty")
    }

    @Test func unsupportedOpsAreListedWithCountsBeforeRunning() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("odd.onnx").path
        try ModelFile.save(TinyModels.unsupportedOp(), to: path)
        try expectError(["run", path], "unsupported ops: FrobnicateA x2, FrobnicateB x1")
    }

    @Test func missingExternalDataFile() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ext.onnx").path
        try ModelFile.save(TinyModels.externalData(location: "ext.onnx.data"), to: path)
        try expectError(["run", path], "ext.onnx.data' is missing")
    }

    @Test func missingPythonPackageIsNamedWithTheSetUpCommand() throws {
        // A bare venv of the right Python: numpy, torch and the rest are missing.
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let venv = dir.appendingPathComponent("bare").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-m", "venv", "--without-pip", venv]
        try p.run()
        p.waitUntilExit()
        try expectError(["export-check", "resnet18", "--python", venv], "is not installed in \(venv): run `make setup`")
    }

    @Test func wrongPythonVersionIsRefused() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bin"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir.path + "/bin/python", contents: Data())
        try "home = /usr/bin\nversion = 3.13.0\n".write(toFile: dir.path + "/pyvenv.cfg", atomically: true, encoding: .utf8)
        try expectError(["export-check", "resnet18"], "Python 3.13.0 venv, but Parity embeds Python 3.11", env: ["PARITY_PYTHON": dir.path])
    }
}

/// Small models built in Swift for the error paths.
enum TinyModels {
    static func graph(_ nodes: [Onnx_NodeProto], input: String = "x", output: String = "y") -> Onnx_ModelProto {
        var m = Onnx_ModelProto()
        m.irVersion = 8
        var op = Onnx_OperatorSetIdProto()
        op.version = 17
        m.opsetImport = [op]
        var g = Onnx_GraphProto()
        g.name = "tiny"
        g.node = nodes
        var vi = Onnx_ValueInfoProto()
        vi.name = input
        vi.type.tensorType.elemType = 1
        var d = Onnx_TensorShapeProto.Dimension()
        d.dimValue = 2
        vi.type.tensorType.shape.dim = [d]
        g.input = [vi]
        var vo = vi
        vo.name = output
        g.output = [vo]
        m.graph = g
        return m
    }

    static func node(_ op: String, _ ins: [String], _ outs: [String]) -> Onnx_NodeProto {
        var n = Onnx_NodeProto()
        n.opType = op
        n.input = ins
        n.output = outs
        return n
    }

    static func unsupportedOp() -> Onnx_ModelProto {
        graph([node("FrobnicateA", ["x"], ["a"]), node("FrobnicateA", ["a"], ["b"]), node("FrobnicateB", ["b"], ["y"])])
    }

    static func externalData(location: String) -> Onnx_ModelProto {
        var m = graph([node("Add", ["x", "w"], ["y"])])
        m.graph.initializer = [external("w", dims: [2], ["location": location])]
        return m
    }

    /// y = Gather(table, ids) with ids int64 [3] and a float table [rows, width] whose data
    /// lies in `location` at offset 0.
    static func gatherFromExternalTable(rows: Int, width: Int, location: String) -> Onnx_ModelProto {
        var m = graph([node("Gather", ["table", "ids"], ["y"])], input: "ids")
        m.graph.input[0].type.tensorType.elemType = DataType.int64.rawValue
        m.graph.input[0].type.tensorType.shape.dim[0].dimValue = 3
        m.graph.output[0].type = Onnx_TypeProto()
        m.graph.initializer = [external("table", dims: [Int64(rows), Int64(width)],
                                        ["location": location, "offset": "0", "length": "\(rows * width * 4)"])]
        return m
    }

    /// A float initializer whose data is external, described by `entries`.
    static func external(_ name: String, dims: [Int64], _ entries: KeyValuePairs<String, String>) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dataType = 1
        t.dims = dims
        t.dataLocation = .external
        t.externalData = entries.map { key, value in
            var e = Onnx_StringStringEntryProto()
            e.key = key
            e.value = value
            return e
        }
        return t
    }
}
