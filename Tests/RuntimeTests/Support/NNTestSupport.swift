import Foundation
import Testing
import OnnxFormat
@testable import Runtime

/// Builders for single-node tests of the NN and matrix ops.
enum NNTest {
    static func attr(_ name: String, _ v: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .int; a.i = Int64(v); return a
    }
    static func attr(_ name: String, _ v: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .ints; a.ints = v.map(Int64.init); return a
    }
    static func attr(_ name: String, _ v: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .float; a.f = v; return a
    }
    static func attr(_ name: String, _ v: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .string; a.s = Data(v.utf8); return a
    }

    static func node(_ op: String, opset: Int, inputs: Int, outputs: Int = 1, _ attrs: [Onnx_AttributeProto] = []) -> NodeInfo {
        NodeInfo(opType: op, opset: opset, inputs: (0..<inputs).map { "in\($0)" },
                 outputs: (0..<outputs).map { "out\($0)" }, attributes: attrs, name: "test_\(op)")
    }

    /// Builds the op through the registry (so registration is tested too).
    static func make(_ op: String, opset: Int, inputs: Int = 1, outputs: Int = 1, _ attrs: [Onnx_AttributeProto] = []) throws -> any Operator {
        guard let f = OperatorRegistry.factory(domain: "", opType: op) else { throw RuntimeError("\(op) is not registered") }
        return try f(node(op, opset: opset, inputs: inputs, outputs: outputs, attrs))
    }

    static func run(_ op: String, opset: Int, _ attrs: [Onnx_AttributeProto] = [], inputs: [Tensor?], outputs: Int = 1) throws -> [Tensor] {
        try make(op, opset: opset, inputs: inputs.count, outputs: outputs, attrs).run(inputs)
    }

    static func floats(_ shape: [Int], _ v: [Float]) -> Tensor { Tensor(shape: shape, floats: v) }

    /// The error message of `body`, or nil when it does not throw.
    static func errorMessage(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }
}

/// Seeded values for reproducible random test cases (SplitMix64 from OnnxFormat).
typealias SeededRandom = SplitMix64

extension SplitMix64 {
    /// `n` values uniform in [-1, 1].
    mutating func values<T: BinaryFloatingPoint>(_ n: Int) -> [T] {
        (0..<n).map { _ in T(Double.random(in: -1...1, using: &self)) }
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &self) }
}

/// Largest |actual - expected| / (atol + rtol * |expected|); <= 1 means close.
func closeness<T: BinaryFloatingPoint>(_ actual: [T], _ expected: [T], rtol: Double = 1e-4, atol: Double = 1e-5) -> Double {
    guard actual.count == expected.count else { return .infinity }
    var worst = 0.0
    for (a, e) in zip(actual, expected) {
        let (da, de) = (Double(a), Double(e))
        if da.isNaN || de.isNaN { if da.isNaN != de.isNaN { return .infinity } else { continue } }
        worst = max(worst, abs(da - de) / (atol + rtol * abs(de)))
    }
    return worst
}

// MARK: - Fixtures/nn/nn_cases.json (expected values from onnxruntime / onnx.reference)

struct NNFixtureTensor: Decodable {
    let dtype: String
    let shape: [Int]
    let data: [Double]

    enum CodingKeys: String, CodingKey { case dtype, shape, data }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dtype = try c.decode(String.self, forKey: .dtype)
        shape = try c.decode([Int].self, forKey: .shape)
        if let b = try? c.decode([Bool].self, forKey: .data) { data = b.map { $0 ? 1 : 0 } } else {
            data = try c.decode([Double].self, forKey: .data)
        }
    }

    func tensor() throws -> Tensor {
        let s: TensorStorage, t: DataType
        switch dtype {
        case "float32": (t, s) = (.float, .float(data.map { Float($0) }))
        case "float64": (t, s) = (.double, .double(data))
        case "float16": (t, s) = (.float16, .bits16(data.map { Float($0).float16Bits }))
        case "int32": (t, s) = (.int32, .int32(data.map { Int32($0) }))
        case "int64": (t, s) = (.int64, .int64(data.map { Int64($0) }))
        case "int8": (t, s) = (.int8, .int8(data.map { Int8($0) }))
        case "bool": (t, s) = (.bool, .bool(data.map { $0 != 0 }))
        default: throw RuntimeError("fixture dtype \(dtype) not handled")
        }
        return try Tensor(dataType: t, shape: shape, storage: s)
    }
}

struct NNFixtureAttr: Decodable {
    var i: Int?, f: Float?, s: String?, ints: [Int]?, floats: [Float]?
}

struct NNFixtureCase: Decodable {
    let name, op, source: String
    let opset: Int
    let rtol, atol: Double
    let attrs: [String: NNFixtureAttr]
    let inputs: [NNFixtureTensor?]
    let outputs: [NNFixtureTensor]

    var attributes: [Onnx_AttributeProto] {
        attrs.sorted { $0.key < $1.key }.map { k, v in
            if let i = v.i { return NNTest.attr(k, i) }
            if let f = v.f { return NNTest.attr(k, f) }
            if let s = v.s { return NNTest.attr(k, s) }
            if let ints = v.ints { return NNTest.attr(k, ints) }
            var a = Onnx_AttributeProto(); a.name = k; a.type = .floats; a.floats = v.floats ?? []; return a
        }
    }
}

enum NNFixtures {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/nn/nn_cases.json")

    struct File: Decodable { let cases: [NNFixtureCase] }

    static let all: [NNFixtureCase] = {
        guard let data = try? Data(contentsOf: url), let f = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return f.cases
    }()

    /// Case names for `ops` (test arguments); a sentinel when the file is missing so the
    /// test fails instead of silently running nothing.
    static func names(_ ops: String...) -> [String] {
        let n = all.filter { ops.contains($0.op) }.map(\.name)
        return n.isEmpty ? ["<no fixture cases for \(ops) in \(url.path)>"] : n
    }

    /// Runs the named case through the registry and checks every output's type, shape and values.
    static func check(_ name: String) throws {
        let c = try #require(all.first { $0.name == name }, "fixture case \(name) not found")
        let inputs = try c.inputs.map { try $0?.tensor() }
        let got = try NNTest.run(c.op, opset: c.opset, c.attributes, inputs: inputs, outputs: c.outputs.count)
        #expect(got.count == c.outputs.count, "\(name): output count")
        for (k, (g, e)) in zip(got, c.outputs).enumerated() {
            let want = try e.tensor()
            #expect(g.dataType == want.dataType, "\(name) output \(k): type \(g.dataType), expected \(want.dataType)")
            #expect(g.shape == want.shape, "\(name) output \(k): shape \(g.shape), expected \(want.shape)")
            guard let gv = g.asDoubles(), let wv = want.asDoubles() else { Issue.record("\(name): values not numeric"); continue }
            if want.dataType.isFloatingPoint {
                let worst = closeness(gv, wv, rtol: c.rtol, atol: c.atol)
                #expect(worst <= 1, "\(name) output \(k) (expected from \(c.source)): off by \(worst)x tolerance\n got \(gv.prefix(12))\nwant \(wv.prefix(12))")
            } else {
                #expect(gv == wv, "\(name) output \(k): got \(gv.prefix(12)), expected \(wv.prefix(12))")
            }
        }
    }
}

/// A float32 TensorProto whose data lie in `location` (relative to the model's folder) at
/// byte `offset`, `length` bytes.
func externalFloatProto(_ name: String, dims: [Int], location: String, offset: Int, length: Int) -> Onnx_TensorProto {
    var p = Onnx_TensorProto()
    p.name = name
    p.dataType = DataType.float.rawValue
    p.dims = dims.map(Int64.init)
    p.dataLocation = .external
    for (k, v) in [("location", location), ("offset", "\(offset)"), ("length", "\(length)")] {
        var e = Onnx_StringStringEntryProto()
        e.key = k
        e.value = v
        p.externalData.append(e)
    }
    return p
}
