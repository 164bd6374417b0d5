import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// Builds small graphs, optimises them, and compares the optimised graph's outputs with
/// the unoptimised session's (the oracle: every op there is tested on its own).
enum Opt {
    typealias Dim = ValueType.Dim

    static func f(_ d: Int...) -> [Dim] { d.map { .fixed($0) } }

    /// A model with opset 17 (plus com.microsoft when `microsoft`), typed inputs and
    /// untyped outputs.
    static func model(_ nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [String],
                      initializers: [String: Tensor] = [:], opset: Int = 17) -> Onnx_ModelProto {
        Graphs.model(nodes, inputs: inputs, outputs: outputs.map(Graphs.untyped), initializers: initializers, opset: opset)
    }

    static func random(_ shape: [Int], seed: UInt64, type: DataType = .float) -> Tensor {
        var rng = SeededRandom(seed: seed)
        let n = Tensor.elementCount(shape)
        if type == .double {
            return Tensor(uncheckedType: .double, shape: shape, storage: .double(rng.values(n)))
        }
        return Tensor(shape: shape, floats: rng.values(n))
    }

    /// Seeded feeds for the model's inputs (symbolic dimensions get 2).
    static func feeds(_ m: Onnx_ModelProto, seed: UInt64 = 7) throws -> [String: Tensor] {
        let s = try InferenceSession(model: m, options: SessionOptions(optimize: false))
        var out: [String: Tensor] = [:]
        for (k, sig) in s.inputs.enumerated() {
            let shape = (sig.shape ?? []).map { $0.value ?? 2 }
            out[sig.name] = random(shape, seed: seed + UInt64(k), type: sig.dataType ?? .float)
        }
        return out
    }

    struct Outcome {
        let model: Onnx_ModelProto
        let report: OptimizationReport
        /// Worst closeness (<= 1: within rtol 1e-5, atol 1e-6) over all outputs.
        let closeness: Double
        var opTypes: [String] { model.graph.node.map(\.opType) }
        func rewrites(_ pass: String) -> Int { report.pass(pass)?.rewrites ?? -1 }
    }

    /// Optimises `m`, runs both versions on the same seeded inputs, compares every output.
    static func check(_ m: Onnx_ModelProto, feeds given: [String: Tensor]? = nil) throws -> Outcome {
        let (optimised, report) = try GraphOptimizer.optimize(model: m, baseDirectory: nil)
        let feeds = try given ?? Self.feeds(m)
        let want = try InferenceSession(model: m, options: SessionOptions(optimize: false)).run(feeds)
        let got = try InferenceSession(model: optimised, options: SessionOptions(optimize: false)).run(feeds)
        var worst = 0.0
        for (name, w) in want {
            guard let g = got[name], g.shape == w.shape, g.dataType == w.dataType,
                  let a = g.asDoubles(), let b = w.asDoubles() else { worst = .infinity; continue }
            worst = max(worst, closeness(a, b, rtol: 1e-5, atol: 1e-6))
        }
        #expect(Set(got.keys) == Set(want.keys), "outputs \(got.keys.sorted()) vs \(want.keys.sorted())")
        return Outcome(model: optimised, report: report, closeness: worst)
    }

    static func conv(_ x: String, _ w: String, _ b: String?, _ y: String, name: String, pads: Int = 1, group: Int = 1) -> Onnx_NodeProto {
        var attrs = [NNTest.attr("pads", [pads, pads, pads, pads])]
        if group != 1 { attrs.append(NNTest.attr("group", group)) }
        return Graphs.node("Conv", [x, w] + (b.map { [$0] } ?? []), [y], attrs, name: name)
    }

    static func bn(_ x: String, _ p: String, _ y: String, name: String = "bn") -> Onnx_NodeProto {
        Graphs.node("BatchNormalization", [x, "\(p)_scale", "\(p)_bias", "\(p)_mean", "\(p)_var"], [y],
                    [NNTest.attr("epsilon", Float(1e-3))], name: name)
    }

    /// BatchNormalization parameters for `m` channels (variance positive).
    static func bnParams(_ p: String, _ m: Int, seed: UInt64, type: DataType = .float) -> [String: Tensor] {
        var v = random([m], seed: seed + 3, type: type)
        if let d = v.asDoubles() {
            let pos = d.map { abs($0) + 0.5 }
            v = type == .double ? Tensor(uncheckedType: .double, shape: [m], storage: .double(pos))
                                : Tensor(shape: [m], floats: pos.map { Float($0) })
        }
        return ["\(p)_scale": random([m], seed: seed, type: type), "\(p)_bias": random([m], seed: seed + 1, type: type),
                "\(p)_mean": random([m], seed: seed + 2, type: type), "\(p)_var": v]
    }
}
