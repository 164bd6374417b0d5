import CKernels
import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// Linear-layer weights packed straight from their external-data file, a slice at a time
/// (`FilePackedWeights`, `FastGemm.PackedRight(reading:)`). Expected products come from a
/// naive loop over the values the test wrote; the packed layout from the whole-matrix
/// packer, whose products are checked against naive GEMM elsewhere.
@Suite("File-packed weights")
struct FilePackedWeightsTests {
    /// Writes `tensors` one after another (after 64 bytes of padding each) into
    /// `dir`/weights.bin and returns their protos, external data pointing there.
    static func writeExternal(_ tensors: [(name: String, shape: [Int], values: [Float])], dir: String) throws -> [Onnx_TensorProto] {
        var bytes = Data()
        var protos: [Onnx_TensorProto] = []
        for t in tensors {
            bytes.append(Data(repeating: 0xAB, count: 64))
            let offset = bytes.count
            t.values.withUnsafeBytes { bytes.append(contentsOf: $0) }
            var p = Onnx_TensorProto()
            p.name = t.name
            p.dataType = DataType.float.rawValue
            p.dims = t.shape.map(Int64.init)
            p.dataLocation = .external
            for (k, v) in [("location", "weights.bin"), ("offset", "\(offset)"), ("length", "\(t.values.count * 4)")] {
                var e = Onnx_StringStringEntryProto()
                e.key = k
                e.value = v
                p.externalData.append(e)
            }
            protos.append(p)
        }
        try bytes.write(to: URL(fileURLWithPath: dir + "/weights.bin"))
        return protos
    }

    /// Packed from the file slice by slice = packed whole from the decoded matrix, float for
    /// float (padding included): several slices, K past one 256-row block, N not a multiple
    /// of the 32-column panels, single rows and columns, both storage orders.
    @Test(.enabled(if: FastGemm.available, "the packed forms belong to the AVX-512 GEMM"),
          arguments: [(600, 300, false), (700, 150, true), (5, 33, false), (5, 33, true), (1, 1, false), (1, 1, true),
                      (257, 64, true), (3000, 7, false), (9, 5000, true)])
    func packedFromFileEqualsPackedWhole(k: Int, n: Int, transposed: Bool) throws {
        let dir = try Self.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededRandom(seed: UInt64(k * 31 + n))
        let values: [Float] = rng.values(k * n)
        let shape = transposed ? [n, k] : [k, n]
        let proto = try #require(try Self.writeExternal([("w", shape, values)], dir: dir).first)
        let file = try ExternalTensorFile(proto: proto, baseDirectory: URL(fileURLWithPath: dir))
        let fromFile = try #require(try FastGemm.PackedRight(reading: file, transposed: transposed))
        let whole = try #require(FastGemm.PackedRight(Tensor(shape: shape, floats: values), transposed: transposed))
        #expect(fromFile.k == k && fromFile.n == n)
        let count = pk_sgemm_packed_b_count(k, n)
        let same = (0..<count).allSatisfy { fromFile.data[$0].bitPattern == whole.data[$0].bitPattern }
        #expect(same)
    }

    /// The C routine refuses slices outside B or off the panel boundaries (nothing written).
    @Test func partialPackRejectsBadSlices() {
        let src = [Float](repeating: 1, count: 64 * 8)
        var out = [Float](repeating: -7, count: Int(pk_sgemm_packed_b_count(8, 64)))
        out.withUnsafeMutableBufferPointer { o in
            #expect(pk_sgemm_pack_b_part(1, 8, 64, 16, 16, src, 8, o.baseAddress) == 1)  // not on a panel
            #expect(pk_sgemm_pack_b_part(1, 8, 64, 32, 40, src, 8, o.baseAddress) == 1)  // past N
            #expect(pk_sgemm_pack_b_part(1, 8, 64, 0, 20, src, 8, o.baseAddress) == 1)   // partial panel mid-B
            #expect(pk_sgemm_pack_b_part(0, 8, 64, 6, 3, src, 64, o.baseAddress) == 1)   // past K
        }
        #expect(out.allSatisfy { $0 == -7 })
    }

    static let k = 300, n = 256, m = 3

    /// x [3, 300] -> MatMul(w1 [300, 256]) -> Gemm(w2 stored [300, 256], transB, bias) -> Relu.
    static func mlp(dir: String, gemmAlpha: Float = 1, extraReader: Bool = false) throws -> (Onnx_ModelProto, [Float], [Float], [Float]) {
        var rng = SeededRandom(seed: 5)
        let w1: [Float] = rng.values(k * n), w2: [Float] = rng.values(k * n), bias: [Float] = rng.values(k)
        var nodes = [Graphs.node("MatMul", ["x", "w1"], ["h"]),
                     Graphs.node("Gemm", ["h", "w2", "b"], ["g"], [intAttr("transB", 1), NNTest.attr("alpha", gemmAlpha)]),
                     Graphs.node("Relu", ["g"], ["y"])]
        var outputs = ["y"]
        if extraReader {
            nodes.append(Graphs.node("ReduceSum", ["w1"], ["total"], [intAttr("keepdims", 0)]))
            outputs.append("total")
        }
        var model = Graphs.model(nodes, inputs: [Graphs.value("x", .float, [.fixed(m), .fixed(k)])],
                                 outputs: outputs.map(Graphs.untyped), initializers: ["b": Tensor(shape: [k], floats: bias)])
        model.graph.initializer += try writeExternal([("w1", [k, n], w1), ("w2", [k, n], w2)], dir: dir)
        return (model, w1, w2, bias)
    }

    /// relu(alpha * (x w1) w2^T + b), in Double.
    static func naive(_ x: [Float], _ w1: [Float], _ w2: [Float], _ b: [Float], alpha: Double) -> [Float] {
        var h = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { h[i * n + j] += Double(x[i * k + p]) * Double(w1[p * n + j]) } } }
        var y = [Float](repeating: 0, count: m * k)
        for i in 0..<m {
            for j in 0..<k {
                var s = 0.0
                for p in 0..<n { s += h[i * n + p] * Double(w2[j * n + p]) }
                y[i * k + j] = Float(max(0, alpha * s + Double(b[j])))
            }
        }
        return y
    }

    /// Both weights are packed from the file, with and without the optimiser (which fuses
    /// the Relu into the Gemm), and the product equals the naive one. (Without the AVX-512
    /// GEMM nothing is packed: the weights are decoded for OpenBLAS, same product.)
    @Test(arguments: [false, true]) func sessionPacksLinearWeightsFromTheFile(optimize: Bool) throws {
        let dir = try Self.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (model, w1, w2, b) = try Self.mlp(dir: dir)
        let s = try InferenceSession(model: model, baseDirectory: URL(fileURLWithPath: dir), options: SessionOptions(optimize: optimize))
        #expect(s.weightsPackedFromFile == (FastGemm.available ? ["w1", "w2"] : []))
        var rng = SeededRandom(seed: 9)
        let x: [Float] = rng.values(Self.m * Self.k)
        let y = try #require(try s.run(["x": Tensor(shape: [Self.m, Self.k], floats: x)])["y"]?.floats)
        #expect(closeness(y, Self.naive(x, w1, w2, b, alpha: 1), atol: 1e-4) <= 1)  // h is ~10: float32 sums of 256 such
    }

    /// A Gemm that does not pack (alpha 0.5) and a weight another node reads too get the
    /// decoded weights: same products, nothing packed from the file for them.
    @Test func readersThatDoNotPackGetTheDecodedWeight() throws {
        let dir = try Self.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (model, w1, w2, b) = try Self.mlp(dir: dir, gemmAlpha: 0.5, extraReader: true)
        var rng = SeededRandom(seed: 9)
        let x: [Float] = rng.values(Self.m * Self.k)
        for optimize in [false, true] {
            let s = try InferenceSession(model: model, baseDirectory: URL(fileURLWithPath: dir), options: SessionOptions(optimize: optimize))
            #expect(s.weightsPackedFromFile.isEmpty)
            let out = try s.run(["x": Tensor(shape: [Self.m, Self.k], floats: x)])
            #expect(closeness(try #require(out["y"]?.floats), Self.naive(x, w1, w2, b, alpha: 0.5), atol: 1e-4) <= 1)
            let total = try #require(out["total"]?.floats?.first)
            let naive = w1.reduce(0.0) { $0 + Double($1) }
            #expect(abs(Double(total) - naive) <= 1e-3 * max(1, abs(naive)))
        }
    }

    /// A data file shorter than the weights it should hold is a load error naming the
    /// weight, not a crash.
    @Test func truncatedDataFileIsAnErrorNamingTheWeight() throws {
        let dir = try Self.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (model, _, _, _) = try Self.mlp(dir: dir)
        #expect(truncate(dir + "/weights.bin", 64 + Self.k * Self.n * 4 + 1000) == 0)
        for optimize in [false, true] {
            let message = NNTest.errorMessage {
                _ = try InferenceSession(model: model, baseDirectory: URL(fileURLWithPath: dir), options: SessionOptions(optimize: optimize))
            }
            #expect(message?.contains("w2") == true, "\(message ?? "no error")")
        }
    }

    static func makeTempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parity-packed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
