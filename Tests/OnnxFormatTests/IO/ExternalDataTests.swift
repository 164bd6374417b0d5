import Foundation
import Testing
@testable import OnnxFormat

/// An ONNX model saved by the onnx package with every initializer in `model.onnx.data`.
@Suite("External data")
struct ExternalDataTests {
    static func checkWeights(_ model: Onnx_ModelProto, base: URL) throws {
        let expected = try #require(try IOTest.expected()["external"] as? [String: Any])
        let initializers = model.graph.initializer
        #expect(initializers.map(\.name).sorted() == ["B", "W", "shape"])
        for p in initializers {
            #expect(p.dataLocation == .external, "\(p.name) should be external")
            let t = try Tensor(proto: p, baseDirectory: base)
            try IOTest.check(t, against: expected[p.name], p.name)
        }
    }

    @Test func loadsWeightsFromDataFile() throws {
        let path = IOTest.fixture("external/model.onnx")
        let model = try ModelFile.load(path)
        try Self.checkWeights(model, base: ModelFile.baseDirectory(of: path))
    }

    @Test func saveAndReloadKeepsExternalData() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        let model = try ModelFile.load(IOTest.fixture("external/model.onnx"))
        try ModelFile.save(model, to: dir + "/model.onnx")
        try FileManager.default.copyItem(atPath: IOTest.fixture("external/model.onnx.data"), toPath: dir + "/model.onnx.data")
        let reloaded = try ModelFile.load(dir + "/model.onnx")
        #expect(reloaded == model)
        try Self.checkWeights(reloaded, base: ModelFile.baseDirectory(of: dir + "/model.onnx"))

        // The onnx package can load what ModelFile saved, with its external data.
        if IOTest.hasPython {
            let out = try IOTest.runPython(["-c", """
                import sys, onnx
                from onnx import numpy_helper
                m = onnx.load(sys.argv[1])
                print(sorted((i.name, numpy_helper.to_array(i).shape) for i in m.graph.initializer))
                """, dir + "/model.onnx"])
            #expect(String(decoding: out, as: UTF8.self).contains("('W', (3, 4))"))
        }
    }

    @Test func missingDataFileIsNamed() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        try FileManager.default.copyItem(atPath: IOTest.fixture("external/model.onnx"), toPath: dir + "/model.onnx")
        let model = try ModelFile.load(dir + "/model.onnx")
        let w = try #require(model.graph.initializer.first { $0.name == "W" })
        do {
            _ = try Tensor(proto: w, baseDirectory: ModelFile.baseDirectory(of: dir + "/model.onnx"))
            Issue.record("expected an error for the missing model.onnx.data")
        } catch let e as TensorError {
            #expect(e.description.contains(dir + "/model.onnx.data"))
            #expect(e.description.contains("missing"))
        }
    }

    @Test func truncatedDataFileIsAnError() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        try FileManager.default.copyItem(atPath: IOTest.fixture("external/model.onnx"), toPath: dir + "/model.onnx")
        let data = try Data(contentsOf: URL(fileURLWithPath: IOTest.fixture("external/model.onnx.data")))
        try data.prefix(8).write(to: URL(fileURLWithPath: dir + "/model.onnx.data"))
        let model = try ModelFile.load(dir + "/model.onnx")
        let base = ModelFile.baseDirectory(of: dir + "/model.onnx")
        let errors = model.graph.initializer.filter { (try? Tensor(proto: $0, baseDirectory: base)) == nil }
        #expect(!errors.isEmpty)
        for p in errors {
            #expect(throws: TensorError.self) { _ = try Tensor(proto: p, baseDirectory: base) }
        }
    }

    /// A declared length that disagrees with the shape, and an offset past the end: errors
    /// naming the tensor, for the element types read in place (float, int64) as for the
    /// others.
    @Test func lengthsThatDisagreeAreErrorsNamingTheTensor() throws {
        let path = IOTest.fixture("external/model.onnx")
        let base = ModelFile.baseDirectory(of: path)
        let model = try ModelFile.load(path)
        for p in model.graph.initializer {
            var shorter = p
            let length = Int(p.externalData.first { $0.key == "length" }?.value ?? "") ?? 0
            var entries = p.externalData.filter { $0.key != "length" }
            var e = Onnx_StringStringEntryProto()
            e.key = "length"
            e.value = String(max(0, length - 4))
            entries.append(e)
            shorter.externalData = entries
            #expect(throws: TensorError.self) { _ = try Tensor(proto: shorter, baseDirectory: base) }
            do { _ = try Tensor(proto: shorter, baseDirectory: base) } catch {
                #expect("\(error)".contains(p.name), "\(error)")
            }
            var past = p
            past.externalData = p.externalData.map { entry in
                var entry = entry
                if entry.key == "offset" { entry.value = "1000000000" }
                return entry
            }
            #expect(throws: TensorError.self) { _ = try Tensor(proto: past, baseDirectory: base) }
        }
    }
}
