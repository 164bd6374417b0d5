import Foundation
import Testing
import OnnxFormat
@testable import Runtime

/// A torch-exported CNN (Fixtures/nn/small_cnn.onnx) run through a whole InferenceSession,
/// compared with torch's own forward pass (Fixtures/nn/make_small_cnn.py).
struct SmallCNNSessionTests {
    struct Values: Decodable { let name: String; let shape: [Int]; let data: [Float] }
    struct Expected: Decodable { let ops: [String]; let input: Values; let output: Values }

    @Test func matchesTorch() throws {
        let dir = NNFixtures.url.deletingLastPathComponent()
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: dir.appendingPathComponent("small_cnn.json")))
        let session = try InferenceSession(path: dir.appendingPathComponent("small_cnn.onnx").path)
        let out = try session.run([expected.input.name: Tensor(shape: expected.input.shape, floats: expected.input.data)])
        let y = try #require(out[expected.output.name])
        #expect(y.shape == expected.output.shape)
        #expect(closeness(y.floats ?? [], expected.output.data, rtol: 1e-4, atol: 1e-5) <= 1, "ops \(expected.ops)\n got \(y.floats ?? [])\nwant \(expected.output.data)")
    }
}
