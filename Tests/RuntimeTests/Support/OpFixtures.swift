import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// Runs the single-node fixtures made by Fixtures/ops/generate.py: each folder holds a
/// model.onnx and test_data_set_0 with inputs and the expected outputs that onnx's
/// reference evaluator computed.
enum OpFixtures {
    /// Fixtures/ops, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ops")

    /// The case folders of one op, as "<Family>/<OpType>/<case>", sorted.
    static func cases(_ familyAndOp: String) -> [String] {
        let dir = root.appendingPathComponent(familyAndOp)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { "\(familyAndOp)/\($0)" }
    }

    static func load(_ url: URL) throws -> Onnx_TensorProto {
        try Onnx_TensorProto(serializedBytes: Data(contentsOf: url))
    }

    /// Runs one fixture and compares every output with the expected one.
    static func check(_ name: String) throws {
        let folder = root.appendingPathComponent(name)
        let data = folder.appendingPathComponent("test_data_set_0")
        let session = try InferenceSession(path: folder.appendingPathComponent("model.onnx").path)
        var feeds: [String: Tensor] = [:]
        var k = 0
        while FileManager.default.fileExists(atPath: data.appendingPathComponent("input_\(k).pb").path) {
            let p = try load(data.appendingPathComponent("input_\(k).pb"))
            feeds[p.name] = try Tensor(proto: p)
            k += 1
        }
        let outputs = try session.run(feeds)
        k = 0
        while FileManager.default.fileExists(atPath: data.appendingPathComponent("output_\(k).pb").path) {
            let p = try load(data.appendingPathComponent("output_\(k).pb"))
            let want = try Tensor(proto: p)
            let got = try #require(outputs[p.name], "\(name): output \(p.name) missing")
            expectClose(got, want, name: "\(name) output \(k)")
            k += 1
        }
        #expect(k > 0, "\(name): no expected outputs")
    }

    /// Same type and shape, and elements equal (integers, bool, strings) or within
    /// |got - want| <= atol + rtol * |want| for float types (NaN matches NaN).
    static func expectClose(_ got: Tensor, _ want: Tensor, name: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.dataType == want.dataType, "\(name): type \(got.dataType) != \(want.dataType)", sourceLocation: sourceLocation)
        #expect(got.shape == want.shape, "\(name): shape \(got.shape) != \(want.shape)", sourceLocation: sourceLocation)
        guard got.dataType == want.dataType, got.shape == want.shape else { return }
        if case .string(let a) = got.storage, case .string(let b) = want.storage {
            #expect(a == b, "\(name)", sourceLocation: sourceLocation)
            return
        }
        guard let a = got.asDoubles(), let b = want.asDoubles() else {
            Issue.record("\(name): cannot compare \(got.dataType)", sourceLocation: sourceLocation)
            return
        }
        let (atol, rtol): (Double, Double)
        switch want.dataType {
        case .float: (atol, rtol) = (1e-5, 1e-4)
        case .double: (atol, rtol) = (1e-10, 1e-9)
        case .float16, .bfloat16: (atol, rtol) = (2e-3, 2e-3)
        default: (atol, rtol) = (0, 0)
        }
        var bad = 0, first = ""
        for i in 0..<a.count {
            let ok = (a[i].isNaN && b[i].isNaN) || a[i] == b[i] || abs(a[i] - b[i]) <= atol + rtol * abs(b[i])
            if !ok {
                if bad == 0 { first = "index \(i): got \(a[i]), want \(b[i])" }
                bad += 1
            }
        }
        #expect(bad == 0, "\(name): \(bad) of \(a.count) elements differ; first at \(first)", sourceLocation: sourceLocation)
    }
}

/// Builds and runs one node directly, for hand-written cases (errors, edge cases).
func runNode(_ opType: String, opset: Int = 17, _ inputs: [Tensor?], attributes: [Onnx_AttributeProto] = [],
             outputs: Int = 1) throws -> [Tensor] {
    let node = NodeInfo(opType: opType, opset: opset, inputs: inputs.enumerated().map { $0.element == nil ? "" : "x\($0.offset)" },
                        outputs: (0..<outputs).map { "y\($0)" }, attributes: attributes)
    guard let factory = OperatorRegistry.factory(domain: "", opType: opType) else { throw RuntimeError("no op \(opType)") }
    return try factory(node).run(inputs)
}

func intAttr(_ name: String, _ v: Int) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name; a.type = .int; a.i = Int64(v)
    return a
}

func intsAttr(_ name: String, _ v: [Int]) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name; a.type = .ints; a.ints = v.map(Int64.init)
    return a
}

func stringAttr(_ name: String, _ v: String) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name; a.type = .string; a.s = Data(v.utf8)
    return a
}
