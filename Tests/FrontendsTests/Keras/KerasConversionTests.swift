import Foundation
import OnnxFormat
import Runtime
import Testing
@testable import Frontends

/// Each fixture converted in Swift, run on Parity's runtime and compared with Keras' own
/// outputs (computed by the fixture script); then checked by onnx.checker (full_check) and
/// run by onnxruntime through the embedded interpreter.
@Suite struct KerasConversionTests {
    /// Model files and the Keras backend whose numerics they reproduce (nil: the file's).
    /// The .keras zip does not record a backend; the fixtures were computed on torch.
    static let models: [String] = [
        "mlp.keras", "mlp.h5", "mlp.tfkeras2.h5",
        "cnn_bn.keras", "cnn_bn.h5", "cnn_bn.tfkeras2.h5",
        "resnet_block.keras", "resnet_block.h5",
        "activations.keras", "conv1d.keras", "conv3d.keras", "embedding.keras",
        "multi_io.keras", "multi_io.h5", "multi_io.tfkeras2.h5",
        "channels_first.h5", "nested.keras", "nested.h5", "shrink.keras",
        "rnn.keras", "rnn.h5", "bidirectional.keras", "bidirectional.h5", "time_distributed.keras", "time_distributed.h5",
        "masking.keras", "conv_transpose.keras", "attention.keras", "attention.h5", "misc_layers.keras", "image_ops.keras",
        "activations2.keras", "op_layers.keras",
    ]

    static func convert(_ file: String, opset: Int = 17) throws -> KerasConverter.Result {
        var o = KerasConverter.Options()
        o.opset = opset
        if file.hasSuffix(".keras") { o.backend = "torch" }
        return try KerasConverter.convert(path: KerasFixtures.path(file), options: o)
    }

    @Test(arguments: models)
    func swiftRuntimeMatchesKeras(file: String) throws {
        let r = try Self.convert(file)
        let err = try KerasFixtures.runAndCompare(r, file: file)
        #expect(err < 1e-4, "\(file): max error \(err)")
    }

    @Test(arguments: models)
    func onnxCheckerAndOnnxruntimeAgree(file: String) throws {
        let dir = try KerasFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let onnx = dir.appendingPathComponent("m.onnx").path
        try KerasConverter.convert(path: KerasFixtures.path(file), to: onnx, options: {
            var o = KerasConverter.Options(); if file.hasSuffix(".keras") { o.backend = "torch" }; return o
        }())
        let py = try PythonRuntime.shared()
        let r = try py.call("parity_keras", "check_onnx", ["onnx_path": .string(onnx),
                                                          "npz_path": .string(KerasFixtures.path(KerasFixtures.caseName(file) + ".io.npz"))])
        let err = try #require(r["max_error"]?.double)
        #expect(err < 1e-4, "\(file): onnxruntime max error \(err)")
    }

    /// Other opsets take other paths (Gelu/Mish/HardSwish decompositions, Reduce axes as
    /// attributes or inputs, LayerNormalization decomposed below 17).
    @Test(arguments: [13, 18, 20])
    func otherOpsets(opset: Int) throws {
        for file in ["activations.keras", "multi_io.keras", "cnn_bn.keras", "conv1d.keras", "rnn.keras", "bidirectional.keras",
                     "attention.keras", "image_ops.keras", "misc_layers.keras", "activations2.keras", "time_distributed.keras"] {
            let r = try Self.convert(file, opset: opset)
            let err = try KerasFixtures.runAndCompare(r, file: file)
            #expect(err < 1e-4, "\(file) at opset \(opset): max error \(err)")
        }
    }

    @Test func formatsGiveTheSameGraph() throws {
        let a = try Self.convert("cnn_bn.keras"), b = try Self.convert("cnn_bn.h5"), c = try Self.convert("cnn_bn.tfkeras2.h5")
        #expect(a.nodeCount == b.nodeCount && b.nodeCount == c.nodeCount)
        #expect(a.format == "keras" && b.format == "h5" && c.kerasVersion == "2.15.0")
    }

    /// The layout strategy: a channels_last conv net gets one Transpose in (and one out
    /// only where a Flatten needs Keras' order), and BatchNormalization after a linear
    /// Conv/Dense disappears.
    @Test func leanGraph() throws {
        let r = try Self.convert("cnn_bn.keras")
        let ops = r.model.graph.node.map(\.opType)
        #expect(ops.filter { $0 == "Transpose" }.count == 1, "\(ops)")
        #expect(!ops.contains("BatchNormalization") && r.foldedBatchNorms == 3, "\(ops)")
        #expect(!ops.contains("Identity") && !ops.contains("Cast"))
        let mlp = try Self.convert("mlp.keras")
        #expect(mlp.model.graph.node.map(\.opType) == ["Gemm", "Relu", "Gemm", "Gemm", "Softmax"])
        let res = try Self.convert("resnet_block.keras")
        #expect(res.model.graph.node.filter { $0.opType == "Transpose" }.count == 2)
    }

    /// Recurrent layers are one ONNX node each, fed time-major: stacked layers need no
    /// Transpose between them, and gates are reordered at conversion, not in the graph.
    @Test func recurrentGraphs() throws {
        let r = try Self.convert("rnn.keras")
        let ops = r.model.graph.node.map(\.opType)
        #expect(ops.filter { $0 == "LSTM" }.count == 2 && ops.filter { $0 == "GRU" }.count == 3 && ops.filter { $0 == "RNN" }.count == 3, "\(ops)")
        #expect(ops.filter { $0 == "Transpose" }.count <= 5, "\(ops)")
        let gru = r.model.graph.node.filter { $0.opType == "GRU" }
        #expect(gru.map { $0.attribute.first { $0.name == "linear_before_reset" }?.i ?? -1 } == [1, 0, 1])
        let b = try Self.convert("bidirectional.keras")
        #expect(b.model.graph.node.filter { ["LSTM", "GRU", "RNN"].contains($0.opType) }.allSatisfy {
            $0.attribute.first { $0.name == "direction" }.map { String(decoding: $0.s, as: UTF8.self) } == "bidirectional"
        })
    }

    @Test func fixedBatchDimension() throws {
        var o = KerasConverter.Options()
        o.batchSize = 2
        let r = try KerasConverter.convert(path: KerasFixtures.path("mlp.h5"), options: o)
        #expect(r.model.graph.input.first?.type.tensorType.shape.dim.first?.dimValue == 2)
        #expect(try KerasFixtures.runAndCompare(r, file: "mlp.h5") < 1e-4)
        let dynamic = try Self.convert("mlp.h5")
        #expect(dynamic.model.graph.input.first?.type.tensorType.shape.dim.first?.dimParam == "batch")
    }

    /// h5py works inside our process (which links Debian's libhdf5) thanks to the
    /// RTLD_DEEPBIND import in parity_keras.py.
    @Test func h5pyLoadsBesideDebianHDF5() throws {
        _ = try Self.convert("mlp.h5")  // libhdf5 is loaded and used
        let keys = try PythonRuntime.shared().call("parity_keras", "h5py_works", ["path": .string(KerasFixtures.path("mlp.h5"))])
        #expect(keys.list?.compactMap(\.string).contains("model_config") == true)
    }
}
