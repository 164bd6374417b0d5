import Foundation
import OnnxFormat
import Runtime
import Testing
@testable import Parity

/// The ai.onnx.ml operators against Fixtures/ml (made by Fixtures/ml/make_ml_fixtures.py:
/// one single-node model per case, expected values from onnx.reference or, where its
/// case.json says so, onnxruntime). Each case runs through `InferenceSession(path:)` and every
/// output value (tensor, or sequence of maps for ZipMap) is compared with `Compare.value`:
/// the element types must match, integers and strings exactly, floats within the case's
/// rtol/atol.
enum MLFixtures {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures/ml").path
    }()

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: "\(root)/\($0)/model.onnx") }.sorted()
    }()

    struct Info: Decodable { let op: String; let source: String; let rtol: Double; let atol: Double }
}

@Suite struct MLOpFixtureTests {
    @Test func everyMLOpHasFixtures() throws {
        let ops = try Set(MLFixtures.cases.map { name -> String in
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(MLFixtures.root)/\(name)/case.json"))
            return try JSONDecoder().decode(MLFixtures.Info.self, from: data).op
        })
        #expect(ops == Set(OperatorRegistry.supportedMLOps), "ops without fixtures: \(Set(OperatorRegistry.supportedMLOps).subtracting(ops).sorted())")
        #expect(MLFixtures.cases.count >= 50)
    }

    @Test(arguments: MLFixtures.cases)
    func fixture(_ name: String) throws {
        let dir = "\(MLFixtures.root)/\(name)"
        let info = try JSONDecoder().decode(MLFixtures.Info.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/case.json")))
        let model = try ModelFile.load("\(dir)/model.onnx")
        let session = try InferenceSession(model: model, baseDirectory: URL(fileURLWithPath: dir))
        guard let set = try TestDataSet.list(modelDirectory: dir).first else {
            Issue.record("\(name): no test_data_set_0")
            return
        }
        let inputs = try set.readInputValues(types: model.graph.input.map { $0.type })
        let expected = try set.readOutputValues(types: model.graph.output.map { $0.type })
        var feeds: [String: Value] = [:]
        for (sig, v) in zip(session.inputs, inputs) { feeds[sig.name] = v.value }
        let outs = try session.runValues(feeds)
        let tol = Tolerance(atol: info.atol, rtol: info.rtol)
        for (sig, e) in zip(session.outputs, expected) {
            guard let actual = outs[sig.name] else {
                Issue.record("\(name): no output \(sig.name)")
                continue
            }
            let c = Compare.value(name: sig.name, expected: e.value, actual: actual, tolerance: tol)
            #expect(c.passed, "\(name) (\(info.op), expected from \(info.source)): \(c.failure ?? "")")
        }
    }
}
