import Foundation
import Testing
@testable import OnnxFormat

@Suite("TestDataSet")
struct TestDataSetTests {
    @Test func readsOnnxBackendFolder() throws {
        let folder = IOTest.fixture("testdir")
        let sets = try TestDataSet.list(modelDirectory: folder)
        #expect(sets.map(\.index) == [0, 1])
        let expected = try #require(try IOTest.expected()["testdir"] as? [String: Any])
        let records = try #require(expected["sets"] as? [[String: Any]])
        for (set, record) in zip(sets, records) {
            // Sorted numerically: input_10.pb comes last, after input_9.pb.
            #expect(set.inputFiles.map { ($0 as NSString).lastPathComponent }
                    == (0 ... 10).map { "input_\($0).pb" })
            let inputs = try set.readInputs()
            #expect(inputs.map(\.name) == (0 ... 10).map { $0 == 3 ? "" : "x\($0)" })
            let expectedInputs = try #require(record["inputs"] as? [Any])
            for (k, (value, e)) in zip(inputs, expectedInputs).enumerated() {
                try IOTest.check(value.tensor, against: e, "set \(set.index) input \(k)")
            }
            let outputs = try set.readOutputs()
            #expect(outputs.map(\.name) == ["y"])
            try IOTest.check(try #require(outputs.first).tensor, against: (record["outputs"] as? [Any])?.first, "output")
        }
    }

    @Test func writeThenReadRoundTrip() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        let folder = dir + "/model/" + TestDataSet.folderName(index: 2)
        let inputs = IOTest.everyDtype.map { (name: $0.name, tensor: $0.tensor) }
        let outputs: [(name: String, tensor: Tensor)] = [("", .scalar(Float(7)))]
        let written = try TestDataSet.write(inputs: inputs, outputs: outputs, to: folder)
        #expect(written.index == 2)
        let listed = try TestDataSet.list(modelDirectory: dir + "/model")
        #expect(listed == [written])
        let back = try written.readInputs()
        #expect(back.map(\.name) == inputs.map(\.name))
        #expect(back.map(\.tensor) == inputs.map(\.tensor))
        #expect(try written.readOutputs().map(\.tensor) == [.scalar(Float(7))])

        // Writing fewer values into the same folder removes the stale files.
        let smaller = try TestDataSet.write(inputs: Array(inputs.prefix(2)), outputs: [], to: folder)
        #expect(smaller.inputFiles.count == 2 && smaller.outputFiles.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["input_0.pb", "input_1.pb"])
    }

    @Test func sequenceValuesAreReportedAsUnsupported() throws {
        let set = try #require(try TestDataSet.list(modelDirectory: IOTest.fixture("seqdir")).first)
        let file = try #require(set.inputFiles.first)
        expectArrayFileError(file: file, containing: "SequenceProto") { _ = try set.readInputs() }
    }

    @Test func folderProblemsNameTheFiles() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        let t = Tensor.scalar(Float(1))
        let folder = dir + "/test_data_set_0"
        try TestDataSet.write(inputs: [("a", t), ("b", t)], outputs: [("y", t)], to: folder)

        // A gap in the numbering.
        try FileManager.default.removeItem(atPath: folder + "/input_0.pb")
        expectArrayFileError(file: folder, containing: "input_0.pb is missing") { _ = try TestDataSet(path: folder) }
        try TestDataSetTests.copy(folder + "/input_1.pb", folder + "/input_0.pb")

        // An unrecognised file.
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        expectArrayFileError(file: folder, containing: "unrecognised files notes.txt") { _ = try TestDataSet(path: folder) }
        expectArrayFileError(file: folder, containing: "notes.txt") { _ = try TestDataSet.list(modelDirectory: dir) }
        try FileManager.default.removeItem(atPath: folder + "/notes.txt")
        // Hidden files are ignored.
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/.DS_Store"))
        #expect(try TestDataSet(path: folder).inputFiles.count == 2)

        // Missing folders.
        expectArrayFileError(file: dir + "/nope", containing: "no such model folder") {
            _ = try TestDataSet.list(modelDirectory: dir + "/nope")
        }
        expectArrayFileError(file: dir + "/nope", containing: "no such test data folder") { _ = try TestDataSet(path: dir + "/nope") }
    }

    @Test func corruptTensorFilesNameTheFile() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        let path = dir + "/input_0.pb"
        try TestDataSet.writeTensor(Tensor(shape: [2, 2], floats: [1, 2, 3, 4]), name: "x", to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try TestDataSet.readTensor(path: path).name == "x")

        try Data().write(to: URL(fileURLWithPath: path))
        expectArrayFileError(file: path, containing: "file is empty") { _ = try TestDataSet.readTensor(path: path) }
        for n in 1 ..< good.count {
            try good.prefix(n).write(to: URL(fileURLWithPath: path))
            #expect(throws: ArrayFileError.self) { _ = try TestDataSet.readTensor(path: path) }
        }
        try Data(repeating: 0xFF, count: 16).write(to: URL(fileURLWithPath: path))
        expectArrayFileError(file: path, containing: "not a TensorProto") { _ = try TestDataSet.readTensor(path: path) }

        // A well-formed proto whose raw_data disagrees with its dims.
        var p = Tensor(shape: [2], floats: [1, 2]).toProto(name: "x")
        p.dims = [3]
        try p.serializedData().write(to: URL(fileURLWithPath: path))
        expectArrayFileError(file: path, containing: "raw_data has 8 bytes") { _ = try TestDataSet.readTensor(path: path) }

        expectArrayFileError(file: dir + "/gone.pb", containing: "no such file") { _ = try TestDataSet.readTensor(path: dir + "/gone.pb") }
    }

    static func copy(_ from: String, _ to: String) throws {
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }
}
