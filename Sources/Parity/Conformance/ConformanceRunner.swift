import Foundation
import OnnxFormat
import Runtime

/// Runs one conformance case in this process: load, build a session, run every data set,
/// compare structurally under the case's tolerance. Never throws: every problem becomes
/// the case's status. Crashes and hangs are the worker pool's business.
public enum ConformanceRunner {
    public static func run(_ c: ConformanceCase) -> ConformanceResult {
        let start = Date()
        var result = runTimed(c)
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// The distinct op types of a graph and its subgraphs, `domain.Op` outside ai.onnx.
    public static func opTypes(of graph: Onnx_GraphProto) -> [String] {
        var ops = Set<String>()
        func visit(_ g: Onnx_GraphProto, depth: Int) {
            guard depth < 64 else { return }
            for n in g.node {
                ops.insert(n.domain.isEmpty || n.domain == "ai.onnx" ? n.opType : "\(n.domain).\(n.opType)")
                for a in n.attribute {
                    if a.hasG { visit(a.g, depth: depth + 1) }
                    for sub in a.graphs { visit(sub, depth: depth + 1) }
                }
            }
        }
        visit(graph, depth: 0)
        return ops.sorted()
    }

    /// The op types of the model at `path`, or [] when it cannot be read.
    public static func opTypes(modelPath: String) -> [String] {
        guard !modelPath.isEmpty, let model = try? ModelFile.load(modelPath) else { return [] }
        return opTypes(of: model.graph)
    }

    static func finish(_ c: ConformanceCase, _ status: ConformanceResult.Status, _ message: String?, ops: [String],
                       worst: OutputComparison? = nil, dataSets: Int = 0) -> ConformanceResult {
        let oneLine = message.map { String($0.split(separator: "\n", omittingEmptySubsequences: false).first ?? "") }
        return ConformanceResult(id: c.id, suite: c.suite, status: status, message: oneLine, ops: ops,
                                 blame: ConformanceClassifier.blame(caseName: c.name, ops: ops, status: status, message: message,
                                                                   knownOps: OperatorRegistry.supportedOps),
                                 worst: worst, dataSets: dataSets)
    }

    static func failed(_ c: ConformanceCase, _ what: String, _ error: Error, ops: [String], dataSets: Int = 0) -> ConformanceResult {
        let message = "\(what): \(error)"
        return finish(c, ConformanceClassifier.status(forError: "\(error)"), message, ops: ops, dataSets: dataSets)
    }

    static func runTimed(_ c: ConformanceCase) -> ConformanceResult {
        if case .unavailable(let why) = c.data { return finish(c, .unsupported, why, ops: []) }
        let model: Onnx_ModelProto
        do { model = try ModelFile.load(c.modelPath) } catch {
            return finish(c, .error, "cannot load the model: \(error)", ops: [])
        }
        let ops = opTypes(of: model.graph)
        let session: InferenceSession
        do {
            session = try InferenceSession(model: model, baseDirectory: ModelFile.baseDirectory(of: c.modelPath))
        } catch {
            return failed(c, "load", error, ops: ops)
        }
        let inputTypes = model.graph.input.map { Optional($0.type) }
        let outputTypes = model.graph.output.map { Optional($0.type) }

        // The (inputs, expected outputs) pairs, one per data set.
        var sets: [(label: String, load: () throws -> ([(name: String, value: Value)], [(name: String, value: Value)]))] = []
        switch c.data {
        case .unavailable: break
        case .dataSets(let folders):
            for folder in folders {
                sets.append(((folder as NSString).lastPathComponent, {
                    let set = try TestDataSet(path: folder)
                    return (try set.readInputValues(types: inputTypes), try set.readOutputValues(types: outputTypes))
                }))
            }
        case .generatedInputs(let outputs):
            sets.append(("generated inputs", {
                let ins = try generatedInputs(model.graph)
                let outs = try outputs.enumerated().map { k, p in
                    try TestDataSet.readValue(path: p, type: k < outputTypes.count ? outputTypes[k] : nil)
                }
                return (ins, outs)
            }))
        }
        guard !sets.isEmpty else { return finish(c, .error, "the case has no test data sets", ops: ops) }

        var worst: OutputComparison?
        var firstFailure: String?
        for (k, set) in sets.enumerated() {
            let inputs: [(name: String, value: Value)], expected: [(name: String, value: Value)]
            do { (inputs, expected) = try set.load() } catch {
                return failed(c, "\(set.label): reading test data", error, ops: ops, dataSets: k)
            }
            var feeds: [String: Value] = [:]
            for (i, input) in inputs.enumerated() {
                let name = !input.name.isEmpty ? input.name : (i < model.graph.input.count ? model.graph.input[i].name : "")
                feeds[name] = input.value
            }
            let outputs: [String: Value]
            do { outputs = try session.runValues(feeds) } catch {
                return failed(c, "\(set.label): run", error, ops: ops, dataSets: k)
            }
            guard expected.count <= model.graph.output.count else {
                return finish(c, .error, "\(set.label): \(expected.count) expected outputs for a model with \(model.graph.output.count) outputs",
                              ops: ops, dataSets: k)
            }
            for (j, e) in expected.enumerated() {
                let name = model.graph.output[j].name
                guard let actual = outputs[name] else {
                    return finish(c, .error, "\(set.label): the runtime produced no output '\(name)'", ops: ops, dataSets: k)
                }
                let cmp = Compare.value(name: name, expected: e.value, actual: actual, tolerance: c.tolerance)
                if !cmp.passed {
                    if firstFailure == nil { firstFailure = "\(set.label): \(cmp.failure ?? "\(name) differs")" }
                    if let w = cmp.worst, worst == nil || w.maxAbsError > (worst?.maxAbsError ?? 0) { worst = w }
                }
            }
        }
        if let firstFailure { return finish(c, .fail, firstFailure, ops: ops, worst: worst, dataSets: sets.count) }
        return finish(c, .pass, nil, ops: ops, dataSets: sets.count)
    }

    /// onnx's runner for light models: each non-initializer input, which must be a float
    /// tensor, is `arange(n).reshape(shape) / n` with unknown dimensions taken as 1.
    static func generatedInputs(_ graph: Onnx_GraphProto) throws -> [(name: String, value: Value)] {
        let initializers = Set(graph.initializer.map(\.name))
        return try graph.input.filter { !initializers.contains($0.name) }.map { input in
            guard case .tensorType(let t)? = input.type.value, t.elemType == DataType.float.rawValue else {
                throw ConformanceError("input '\(input.name)': generated inputs are float tensors only; this input's type is not supported")
            }
            let shape = t.shape.dim.map { d -> Int in
                if case .dimValue(let v)? = d.value, v >= 0 { return Int(clamping: v) }
                return 1
            }
            let n = Tensor.elementCount(shape)
            guard n >= 0, n <= 1 << 28 else { throw ConformanceError("input '\(input.name)': shape \(shape) is too large") }
            let values = (0..<n).map { Float(Double($0) / Double(n)) }
            return (input.name, .tensor(try Tensor(dataType: .float, shape: shape, storage: .float(values))))
        }
    }
}
