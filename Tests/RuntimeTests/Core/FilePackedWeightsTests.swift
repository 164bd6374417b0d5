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
            protos.append(externalFloatProto(t.name, dims: t.shape, location: "weights.bin", offset: offset, length: t.values.count * 4))
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

    /// Convolution weights packed from the file, equal to the naive convolution: a 3x3 layer
    /// at 12 x 12 on a symbolic batch (the GEMM form at batch 1, the Winograd form built from
    /// it by the batch-2 run), the same at 16 x 16 on a fixed batch of 2 (the Winograd form
    /// alone, built from a GEMM form packed from the file), and a grouped 1x1 with its Relu
    /// fused (FusedConv). A 3-channel stem (the small-channel form) is decoded instead.
    @Test(arguments: [false, true]) func convolutionWeightsFromTheFile(optimize: Bool) throws {
        let dir = try Self.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededRandom(seed: 21)
        // 64 KiB or more each: above FilePackedWeights.minimumBytes.
        let w1: [Float] = rng.values(64 * 32 * 9), w2: [Float] = rng.values(512 * 32), stem: [Float] = rng.values(128 * 3 * 49)
        let b1: [Float] = rng.values(64)
        for fixed in [false, true] {
            let batch: ValueType.Dim = fixed ? .fixed(2) : .symbol("n"), size = fixed ? 16 : 12
            var model = Graphs.model(
                [Graphs.node("Conv", ["x", "w1", "b1"], ["h"], [NNTest.attr("pads", [1, 1, 1, 1])]),
                 Graphs.node("Conv", ["h", "w2"], ["c"], [intAttr("group", 2)]),
                 Graphs.node("Relu", ["c"], ["y"]),
                 Graphs.node("Conv", ["rgb", "stem"], ["s"], [NNTest.attr("strides", [2, 2])])],
                inputs: [Graphs.value("x", .float, [batch, .fixed(32), .fixed(size), .fixed(size)]),
                         Graphs.value("rgb", .float, [batch, .fixed(3), .fixed(20), .fixed(20)])],
                outputs: ["y", "s"].map(Graphs.untyped), initializers: ["b1": Tensor(shape: [64], floats: b1)])
            model.graph.initializer += try Self.writeExternal([("w1", [64, 32, 3, 3], w1), ("w2", [512, 32, 1, 1], w2),
                                                               ("stem", [128, 3, 7, 7], stem)], dir: dir)
            let s = try InferenceSession(model: model, baseDirectory: URL(fileURLWithPath: dir), options: SessionOptions(optimize: optimize))
            #expect(s.weightsPackedFromFile == (FastGemm.available ? ["w1", "w2"] : []), "fixed batch: \(fixed)")
            for n in fixed ? [2] : [1, 2, 1] {
                let x: [Float] = rng.values(n * 32 * size * size), rgb: [Float] = rng.values(n * 3 * 400)
                let out = try s.run(["x": Tensor(shape: [n, 32, size, size], floats: x), "rgb": Tensor(shape: [n, 3, 20, 20], floats: rgb)])
                let h = Self.conv2d(x, w1, b1, n: n, c: 32, size: size, m: 64, k: 3, stride: 1, pad: 1, group: 1)
                let y = Self.conv2d(h, w2, nil, n: n, c: 64, size: size, m: 512, k: 1, stride: 1, pad: 0, group: 2).map { max(0, $0) }
                let st = Self.conv2d(rgb, stem, nil, n: n, c: 3, size: 20, m: 128, k: 7, stride: 2, pad: 0, group: 1)
                #expect(closeness(try #require(out["y"]?.floats), y, atol: 1e-4) <= 1, "batch \(n), fixed \(fixed)")
                #expect(closeness(try #require(out["s"]?.floats), st, atol: 1e-4) <= 1, "batch \(n), fixed \(fixed)")
            }
        }
    }

    /// Square 2-D convolution, the textbook loop (an oracle fast enough for debug builds,
    /// where the generic `NaiveConv` takes a microsecond per multiply-add).
    static func conv2d(_ x: [Float], _ w: [Float], _ bias: [Float]?, n: Int, c: Int, size: Int, m: Int, k: Int,
                       stride: Int, pad: Int, group: Int) -> [Float] {
        let o = (size + 2 * pad - k) / stride + 1, cg = c / group, mg = m / group
        var y = [Float](repeating: 0, count: n * m * o * o)
        for b in 0..<n { for oc in 0..<m { for oh in 0..<o { for ow in 0..<o {
            var acc = Double(bias?[oc] ?? 0)
            for ic in 0..<cg { for kh in 0..<k { for kw in 0..<k {
                let ih = oh * stride - pad + kh, iw = ow * stride - pad + kw
                guard ih >= 0, ih < size, iw >= 0, iw < size else { continue }
                let xc = (oc / mg) * cg + ic
                acc += Double(x[((b * c + xc) * size + ih) * size + iw]) * Double(w[((oc * cg + ic) * k + kh) * k + kw])
            } } }
            y[((b * m + oc) * o + oh) * o + ow] = Float(acc)
        } } } }
        return y
    }

    static func makeTempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parity-packed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
