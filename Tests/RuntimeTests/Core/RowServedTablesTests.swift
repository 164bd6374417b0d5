import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// Large tables that only Gathers read stay in their external-data file and are read row by
/// row (`RowServedTables`). Expected values are the table's rows picked in Swift by plain
/// indexing of the values the test wrote; the same graph with the table decoded must agree.
@Suite("Row-served tables")
struct RowServedTablesTests {
    static let rows = 4096, width = 257  // 4.2 MB of floats: above the 4 MiB threshold

    /// The table's values (row r, column c at r * width + c).
    static let values: [Float] = {
        var rng = SeededRandom(seed: 11)
        return rng.values(rows * width)
    }()

    /// A model whose initializer "table" lives at offset 64 of `dir`/table.bin, plus any
    /// `extra` initializers (inline).
    static func model(_ nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [String], dir: String,
                      extra: [String: Tensor] = [:]) throws -> Onnx_ModelProto {
        var bytes = Data(repeating: 0xAB, count: 64)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        try bytes.write(to: URL(fileURLWithPath: dir + "/table.bin"))
        var m = Graphs.model(nodes, inputs: inputs, outputs: outputs.map(Graphs.untyped), initializers: extra)
        m.graph.initializer.append(externalFloatProto("table", dims: [rows, width], location: "table.bin", offset: 64,
                                                      length: rows * width * 4))
        return m
    }

    static func expected(_ ids: [Int]) -> [Float] {
        ids.flatMap { i -> ArraySlice<Float> in
            let r = i < 0 ? i + rows : i
            return values[(r * width)..<((r + 1) * width)]
        }
    }

    static func session(_ m: Onnx_ModelProto, dir: String, optimize: Bool) throws -> InferenceSession {
        try InferenceSession(model: m, baseDirectory: URL(fileURLWithPath: dir), options: SessionOptions(optimize: optimize))
    }

    static let ids: [Int] = [0, 5, 4095, -1, 17, 5]

    /// Gather(table, ids) then Mul by 2: served from the file, with and without the optimiser,
    /// equal to the rows picked by hand.
    @Test(arguments: [false, true]) func gatherReadsRowsFromTheFile(optimize: Bool) throws {
        let dir = try Self.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = try Self.model([Graphs.node("Gather", ["table", "ids"], ["rows"]),
                                Graphs.node("Mul", ["rows", "two"], ["y"])],
                               inputs: [Graphs.value("ids", .int64, Opt.f(2, 3))], outputs: ["y"], dir: dir,
                               extra: ["two": Tensor(shape: [], floats: [2])])
        let s = try Self.session(m, dir: dir, optimize: optimize)
        #expect(s.tablesServedFromFile == ["table"])
        let out = try s.run(["ids": Tensor(shape: [2, 3], int64s: Self.ids.map(Int64.init))])
        let y = try #require(out["y"])
        #expect(y.shape == [2, 3, Self.width])
        #expect(y.floats == Self.expected(Self.ids).map { $0 * 2 })
    }

    /// An index out of range is the node's error; a data file that shrank after loading is
    /// an error naming the table, not a crash.
    @Test func badIndexAndShrunkFileAreErrors() throws {
        let dir = try Self.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = try Self.model([Graphs.node("Gather", ["table", "ids"], ["y"], name: "embed")],
                               inputs: [Graphs.value("ids", .int64, Opt.f(1))], outputs: ["y"], dir: dir)
        let s = try Self.session(m, dir: dir, optimize: true)
        #expect(s.tablesServedFromFile == ["table"])
        let bad = errorText { _ = try s.run(["ids": Tensor(shape: [1], int64s: [4096])]) }
        #expect(bad.contains("embed") && bad.contains("out of range"), "\(bad)")
        #expect(try s.run(["ids": Tensor(shape: [1], int64s: [4000])])["y"]?.floats == Self.expected([4000]))
        try FileManager.default.removeItem(atPath: dir + "/table.bin")
        try Data(repeating: 0, count: 1000).write(to: URL(fileURLWithPath: dir + "/table.bin"))
        // The session keeps the file it opened (a replaced file is not read) ...
        #expect(try s.run(["ids": Tensor(shape: [1], int64s: [4000])])["y"]?.floats == Self.expected([4000]))
        // ... but one truncated in place is an error naming the table.
        let s2 = try Self.session(try Self.model([Graphs.node("Gather", ["table", "ids"], ["y"], name: "embed")],
                                                 inputs: [Graphs.value("ids", .int64, Opt.f(1))], outputs: ["y"], dir: dir),
                                  dir: dir, optimize: true)
        #expect(truncate(dir + "/table.bin", 64 + 1000 * Self.width * 4) == 0)
        let shrunk = errorText { _ = try s2.run(["ids": Tensor(shape: [1], int64s: [4000])]) }
        #expect(shrunk.contains("table") && shrunk.contains("end of file"), "\(shrunk)")
    }

    /// Any other reader (here ReduceSum), or a Gather whose indices are constant (folded at
    /// load), gets the decoded table: same results, nothing served from the file.
    @Test func otherReadersGetTheDecodedTable() throws {
        let dir = try Self.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let two = Tensor(shape: [2], int64s: [3, -2])
        let m = try Self.model([Graphs.node("Gather", ["table", "ids"], ["a"]),
                                Graphs.node("Gather", ["table", "fixed"], ["b"]),
                                Graphs.node("ReduceSum", ["table"], ["total"], [intAttr("keepdims", 0)])],
                               inputs: [Graphs.value("ids", .int64, Opt.f(1))], outputs: ["a", "b", "total"], dir: dir,
                               extra: ["fixed": two])
        for optimize in [false, true] {
            let s = try Self.session(m, dir: dir, optimize: optimize)
            #expect(s.tablesServedFromFile.isEmpty)
            let out = try s.run(["ids": Tensor(shape: [1], int64s: [9])])
            #expect(out["a"]?.floats == Self.expected([9]))
            #expect(out["b"]?.floats == Self.expected([3, -2]))
            let total = try #require(out["total"]?.floats?.first)
            let naive = Self.values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(Double(total) - naive) <= 1e-3 * max(1, abs(naive)))
        }
        // Only a Gather with constant indices: folded at load from the decoded table.
        let folded = try Self.model([Graphs.node("Gather", ["table", "fixed"], ["b"])], inputs: [], outputs: ["b"], dir: dir,
                                    extra: ["fixed": two])
        for optimize in [false, true] {
            let s = try Self.session(folded, dir: dir, optimize: optimize)
            #expect(s.tablesServedFromFile.isEmpty)
            #expect(try s.run([:])["b"]?.floats == Self.expected([3, -2]))
        }
    }

    static func makeTempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parity-rows-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func errorText(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return ""
    }
}
