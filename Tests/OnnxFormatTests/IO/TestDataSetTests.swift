import Foundation
import Testing
import SwiftProtobuf
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

@Suite("TestDataSet values")
struct TestDataSetValueTests {
    static func write<M: SwiftProtobuf.Message>(_ m: M, _ dir: String, _ name: String) throws -> String {
        let path = dir + "/" + name
        try m.serializedData().write(to: URL(fileURLWithPath: path))
        return path
    }

    static func type(_ build: (inout Onnx_TypeProto) -> Void) -> Onnx_TypeProto {
        var t = Onnx_TypeProto()
        build(&t)
        return t
    }

    static func floatSequenceType() -> Onnx_TypeProto {
        type { t in
            var s = Onnx_TypeProto.Sequence()
            s.elemType = type { e in var tt = Onnx_TypeProto.Tensor(); tt.elemType = 1; e.tensorType = tt }
            t.sequenceType = s
        }
    }

    @Test func readsSequencesOptionalsAndMaps() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        var seq = Onnx_SequenceProto()
        seq.name = "s"
        seq.elemType = 1
        seq.tensorValues = [Tensor.scalar(Float(1)).toProto(name: ""), Tensor(shape: [2], floats: [2, 3]).toProto(name: "")]
        let seqPath = try Self.write(seq, dir, "input_0.pb")
        let expectedSeq = Value.sequence(elementType: .float, [.tensor(.scalar(Float(1))), .tensor(Tensor(shape: [2], floats: [2, 3]))])
        #expect(try TestDataSet.readValue(path: seqPath, type: Self.floatSequenceType()).value == expectedSeq)
        #expect(try TestDataSet.readValue(path: seqPath).value == expectedSeq)
        #expect(try TestDataSet.readValue(path: seqPath).name == "s")

        // An empty sequence keeps its element type from the declared type.
        var empty = Onnx_SequenceProto()
        empty.elemType = 1
        let emptyPath = try Self.write(empty, dir, "input_1.pb")
        #expect(try TestDataSet.readValue(path: emptyPath, type: Self.floatSequenceType()).value == .sequence(elementType: .float, []))

        // Optionals: a value, and an empty one.
        var opt = Onnx_OptionalProto()
        opt.elemType = 1
        opt.tensorValue = Tensor.scalar(Float(5)).toProto(name: "")
        let optType = Self.type { t in
            var o = Onnx_TypeProto.Optional()
            o.elemType = Self.type { e in var tt = Onnx_TypeProto.Tensor(); tt.elemType = 1; e.tensorType = tt }
            t.optionalType = o
        }
        let optPath = try Self.write(opt, dir, "input_2.pb")
        #expect(try TestDataSet.readValue(path: optPath, type: optType).value == .optional(.tensor(.scalar(Float(5)))))
        var none = Onnx_OptionalProto()
        none.elemType = 0
        let nonePath = try Self.write(none, dir, "input_3.pb")
        #expect(try TestDataSet.readValue(path: nonePath, type: optType).value == .optional(nil))

        // A map with string keys.
        var map = Onnx_MapProto()
        map.keyType = 8
        map.stringKeys = [Data("a".utf8), Data("b".utf8)]
        var vals = Onnx_SequenceProto()
        vals.elemType = 1
        vals.tensorValues = [Tensor.scalar(Float(1)).toProto(name: ""), Tensor.scalar(Float(2)).toProto(name: "")]
        map.values = vals
        let mapType = Self.type { t in
            var m = Onnx_TypeProto.Map()
            m.keyType = 8
            m.valueType = Self.type { e in var tt = Onnx_TypeProto.Tensor(); tt.elemType = 1; e.tensorType = tt }
            t.mapType = m
        }
        let mapPath = try Self.write(map, dir, "input_4.pb")
        #expect(try TestDataSet.readValue(path: mapPath, type: mapType).value
                == .map(keys: [.string("a"), .string("b")], values: [.tensor(.scalar(Float(1))), .tensor(.scalar(Float(2)))]))

        // The whole folder, typed by position; a tensor file still reads as a tensor.
        try TestDataSet.writeTensor(.scalar(Float(9)), name: "y", to: dir + "/output_0.pb")
        let set = try TestDataSet(path: dir)
        let ins = try set.readInputValues(types: [Self.floatSequenceType(), Self.floatSequenceType(), optType, optType, mapType])
        #expect(ins.count == 5 && ins[0].value == expectedSeq)
        #expect(try set.readOutputValues().map(\.value) == [.tensor(.scalar(Float(9)))])
    }

    @Test func malformedValueFilesAreErrorsNamingTheFile() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        let path = dir + "/input_0.pb"
        try Data([0xff, 0xff, 0xff]).write(to: URL(fileURLWithPath: path))
        expectArrayFileError(file: path, containing: "SequenceProto") {
            _ = try TestDataSet.readValue(path: path, type: Self.floatSequenceType())
        }
        expectArrayFileError(file: path, containing: "not a TensorProto") { _ = try TestDataSet.readValue(path: path) }
        // A map whose key and value counts differ.
        var map = Onnx_MapProto()
        map.keyType = 7
        map.keys = [1, 2]
        var vals = Onnx_SequenceProto()
        vals.elemType = 1
        map.values = vals
        let mapPath = try Self.write(map, dir, "input_1.pb")
        let mapType = Self.type { t in var m = Onnx_TypeProto.Map(); m.keyType = 7; t.mapType = m }
        expectArrayFileError(file: mapPath, containing: "2 keys and 0 values") {
            _ = try TestDataSet.readValue(path: mapPath, type: mapType)
        }
    }
}
