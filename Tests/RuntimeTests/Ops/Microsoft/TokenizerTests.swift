import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// com.microsoft Tokenizer against Fixtures/ms (made by Fixtures/ms/make_tokenizer_fixtures.py:
/// one single-node model per case, expected values from onnxruntime). Each case runs through
/// `InferenceSession(path:)`; the output must have onnxruntime's shape and exactly its strings.
enum TokenizerFixtures {
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ms").path

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { $0.hasPrefix("tokenizer_") && FileManager.default.fileExists(atPath: "\(root)/\($0)/model.onnx") }.sorted()
    }()
}

@Suite struct TokenizerTests {
    @Test func fixturesArePresent() {
        #expect(TokenizerFixtures.cases.count >= 12, "Fixtures/ms: \(TokenizerFixtures.cases)")
        #expect(OperatorRegistry.supportedMicrosoftOps.contains("Tokenizer"))
    }

    @Test(arguments: TokenizerFixtures.cases)
    func fixture(_ name: String) throws {
        let dir = "\(TokenizerFixtures.root)/\(name)"
        let session = try InferenceSession(path: "\(dir)/model.onnx")
        let set = try #require(try TestDataSet.list(modelDirectory: dir).first, "\(name): no test_data_set_0")
        let inputs = try set.readInputs(), outputs = try set.readOutputs()
        var feeds: [String: Tensor] = [:]
        for (sig, input) in zip(session.inputs, inputs) { feeds[sig.name] = input.tensor }
        let got = try session.run(feeds)
        for (sig, want) in zip(session.outputs, outputs) {
            let actual = try #require(got[sig.name], "\(name): output \(sig.name) missing")
            #expect(actual.dataType == .string && actual.shape == want.tensor.shape,
                    "\(name): got \(actual.dataType)\(actual.shape), onnxruntime string\(want.tensor.shape)")
            guard case .string(let a) = actual.storage, case .string(let e) = want.tensor.storage else {
                Issue.record("\(name): not a string tensor")
                continue
            }
            #expect(a == e, "\(name): got \(a), onnxruntime \(e)")
        }
    }

    @Test func rejectsBadAttributesAndInputs() throws {
        func node(_ attrs: [Onnx_AttributeProto]) -> NodeInfo {
            NodeInfo(opType: "Tokenizer", domain: "com.microsoft", opset: 1, inputs: ["x"], outputs: ["y"], attributes: attrs)
        }
        func int(_ k: String, _ v: Int64) -> Onnx_AttributeProto {
            var a = Onnx_AttributeProto(); a.name = k; a.type = .int; a.i = v; return a
        }
        func str(_ k: String, _ v: String) -> Onnx_AttributeProto {
            var a = Onnx_AttributeProto(); a.name = k; a.type = .string; a.s = Data(v.utf8); return a
        }
        let base = [int("mark", 0), str("pad_value", "#")]
        #expect(throws: RuntimeError.self) { _ = try Tokenizer(node(base + [int("mincharnum", 1)])) }  // no mode
        #expect(throws: RuntimeError.self) { _ = try Tokenizer(node(base + [int("mincharnum", 0), str("tokenexp", "a")])) }
        #expect(throws: RuntimeError.self) { _ = try Tokenizer(node(base + [int("mincharnum", 1), str("tokenexp", "(")])) }
        #expect(throws: RuntimeError.self) { _ = try Tokenizer(node(base + [int("mincharnum", 2), str("tokenexp", ".")])) }
        #expect(throws: RuntimeError.self) { _ = try Tokenizer(node([int("mark", 0), int("mincharnum", 1), str("tokenexp", "a")])) }
        let op = try Tokenizer(node(base + [int("mincharnum", 1), str("tokenexp", "[a-z]+")]))
        let cube = Tensor(uncheckedType: .string, shape: [1, 1, 1], storage: .string(["a"]))
        #expect(throws: RuntimeError.self) { _ = try op.run([cube]) }
        let floats = Tensor(uncheckedType: .float, shape: [1], storage: .float([1]))
        #expect(throws: RuntimeError.self) { _ = try op.run([floats]) }
    }
}
