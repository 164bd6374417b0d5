import Foundation
import OnnxFormat

/// The model's declared input or output: its name and `ValueType` (element type and
/// shape, where a dimension is a fixed size, a named symbol such as `batch` or unknown).
public struct ValueSignature: Sendable, Equatable {
    public typealias Dim = ValueType.Dim
    public let name: String
    public let type: ValueType
    public var dataType: DataType? { type.dataType }
    public var shape: [Dim]? { type.shape }

    public init(_ v: Onnx_ValueInfoProto) {
        name = v.name
        type = ValueType(v)
    }

    /// "float[batch,3,224,224]"
    public var typeDescription: String { type.description }
}

/// One model loaded into the Swift runtime, ready to run: checked, topologically ordered,
/// constants decoded and folded, every node bound to its operator, and every value's type
/// and shape inferred and checked against what the graph declares.
///
/// Creating the session lists every op the runtime lacks at once, before anything runs.
public final class InferenceSession: @unchecked Sendable {
    struct Step {
        let info: NodeInfo
        let op: any Operator
        let inputSlots: [Int?]   // nil: omitted optional input
        let outputSlots: [Int?]  // nil: omitted optional output
        let freeAfter: [Int]     // slots whose last use is this step
    }

    public let inputs: [ValueSignature]
    public let outputs: [ValueSignature]
    let steps: [Step]
    let constantSlots: [Int: Tensor]
    let slotCount: Int
    let inputSlots: [Int]
    let outputSlots: [Int]
    /// What static inference knows of each value (inputs, constants, node outputs) by name.
    public let inferredTypes: [String: ValueType]
    /// Nodes whose outputs were computed once at load time because every input was constant.
    public private(set) var foldedNodeCount = 0

    /// Ops for which folding at load time would change semantics.
    static let neverFold: Set<String> = ["RandomNormal", "RandomUniform", "RandomNormalLike",
                                         "RandomUniformLike", "Multinomial", "Bernoulli"]

    /// Builds a session from a model proto. `baseDirectory` resolves external data.
    public convenience init(model: Onnx_ModelProto, baseDirectory: URL? = nil) throws {
        var opsets: [String: Int] = [:]
        for o in model.opsetImport { opsets[o.domain == "ai.onnx" ? "" : o.domain] = Int(o.version) }
        if opsets[""] == nil, model.opsetImport.isEmpty { opsets[""] = 1 }
        try self.init(graph: model.graph, opsets: opsets, baseDirectory: baseDirectory)
    }

    /// Loads an .onnx file and builds a session.
    public convenience init(path: String) throws {
        let model = try ModelFile.load(path)
        try self.init(model: model, baseDirectory: ModelFile.baseDirectory(of: path))
    }

    public init(graph: Onnx_GraphProto, opsets: [String: Int], baseDirectory: URL?) throws {
        // 1. Every op must be known: report all missing ones at once, with counts.
        var missing: [String: Int] = [:]
        for n in graph.node where OperatorRegistry.factory(domain: n.domain, opType: n.opType) == nil {
            let key = n.domain.isEmpty || n.domain == "ai.onnx" ? n.opType : "\(n.domain).\(n.opType)"
            missing[key, default: 0] += 1
        }
        if !missing.isEmpty {
            let list = missing.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")
            throw RuntimeError("unsupported ops: \(list)")
        }

        // 2. Name -> slot.
        var slotOf: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let s = slotOf[name] { return s }
            let s = slotOf.count
            slotOf[name] = s
            return s
        }
        var constants: [Int: Tensor] = [:]
        for ini in graph.initializer {
            do { constants[slot(ini.name)] = try Tensor(proto: ini, baseDirectory: baseDirectory) } catch {
                throw RuntimeError("initializer '\(ini.name)': \(error)")
            }
        }
        let initializerNames = Set(graph.initializer.map(\.name))
        // Graph inputs that are also initializers are overridable defaults (IR < 4); we treat
        // only the non-initializer ones as the model's inputs.
        let realInputs = graph.input.filter { !initializerNames.contains($0.name) }
        inputs = realInputs.map(ValueSignature.init)
        outputs = graph.output.map(ValueSignature.init)
        inputSlots = realInputs.map { slot($0.name) }

        // 3. Topological order (the spec requires it, but not every producer obeys).
        var available = Set(graph.initializer.map(\.name)).union(realInputs.map(\.name))
        available.insert("")
        var pending = Array(graph.node.enumerated())
        var ordered: [(Int, Onnx_NodeProto)] = []
        while !pending.isEmpty {
            var progressed = false
            var rest: [(Int, Onnx_NodeProto)] = []
            for (i, n) in pending {
                if n.input.allSatisfy({ available.contains($0) }) {
                    ordered.append((i, n))
                    for o in n.output where !o.isEmpty { available.insert(o) }
                    progressed = true
                } else {
                    rest.append((i, n))
                }
            }
            if !progressed {
                let (i, n) = rest[0]
                let undefined = n.input.filter { !available.contains($0) }
                let name = n.name.isEmpty ? "\(n.opType)_\(i)" : n.name
                throw RuntimeError("node '\(name)' (\(n.opType)): input '\(undefined.first ?? "?")' is never produced (graph is not a DAG or a name is missing)")
            }
            pending = rest
        }
        for o in graph.output where !available.contains(o.name) {
            throw RuntimeError("graph output '\(o.name)' is never produced")
        }

        // 4. Bind operators.
        var built: [(NodeInfo, any Operator, [Int?], [Int?])] = []
        for (i, n) in ordered {
            let domain = n.domain == "ai.onnx" ? "" : n.domain
            let info = NodeInfo(proto: n, opset: opsets[domain] ?? opsets[""] ?? 1, index: i)
            guard let factory = OperatorRegistry.factory(domain: n.domain, opType: n.opType) else { continue }
            let op = try factory(info)
            built.append((info, op, n.input.map { $0.isEmpty ? nil : slot($0) },
                          n.output.map { $0.isEmpty ? nil : slot($0) }))
        }
        outputSlots = graph.output.map { slot($0.name) }

        // 5. Constant folding: a node whose inputs are all constant runs once, now.
        var live: [(NodeInfo, any Operator, [Int?], [Int?])] = []
        var folded = 0
        for (info, op, ins, outs) in built {
            let allConst = ins.allSatisfy { $0 == nil || constants[$0!] != nil }
            if allConst, !Self.neverFold.contains(info.opType) {
                let results = try Self.execute(info, op, ins.map { $0.flatMap { constants[$0] } })
                for (k, s) in outs.enumerated() { if let s, k < results.count { constants[s] = results[k] } }
                folded += 1
            } else {
                live.append((info, op, ins, outs))
            }
        }

        // 6. Types and shapes of every value, checked against the declared ones.
        var known: [String: ValueType] = [:]
        for (sig, name) in zip(inputs, realInputs.map(\.name)) { known[name] = sig.type }
        var constantsByName: [String: Tensor] = [:]
        for (name, s) in slotOf { if let t = constants[s] { constantsByName[name] = t; known[name] = ValueType(of: t) } }
        var declared: [String: (what: String, type: ValueType)] = [:]
        for v in graph.valueInfo { declared[v.name] = ("value", ValueType(v)) }
        for v in graph.output { declared[v.name] = ("graph output", ValueType(v)) }
        inferredTypes = try ShapeInference.run(nodes: built.map { ($0.0, $0.1) }, types: known,
                                               constants: constantsByName, declared: declared)

        // 7. Liveness: free each intermediate after its last reader.
        let keep = Set(outputSlots)
        var lastUse: [Int: Int] = [:]
        for (k, step) in live.enumerated() {
            for s in step.2 { if let s { lastUse[s] = k } }
        }
        var freeAt = [[Int]](repeating: [], count: live.count)
        for (s, k) in lastUse where !keep.contains(s) && constants[s] == nil { freeAt[k].append(s) }
        steps = live.enumerated().map { k, b in Step(info: b.0, op: b.1, inputSlots: b.2, outputSlots: b.3, freeAfter: freeAt[k]) }
        constantSlots = constants
        slotCount = slotOf.count
        foldedNodeCount = folded
    }

    static func execute(_ info: NodeInfo, _ op: any Operator, _ ins: [Tensor?]) throws -> [Tensor] {
        do {
            return try op.run(ins)
        } catch let e as RuntimeError {
            if e.description.hasPrefix("node '") { throw e }
            throw RuntimeError.node(info, e.description)
        } catch {
            throw RuntimeError.node(info, "\(error)")
        }
    }

    /// Runs the model. `feeds` must name every graph input; the result maps each graph
    /// output name to its tensor.
    public func run(_ feeds: [String: Tensor]) throws -> [String: Tensor] {
        var values = [Tensor?](repeating: nil, count: slotCount)
        for (s, t) in constantSlots { values[s] = t }
        for (sig, s) in zip(inputs, inputSlots) {
            guard let t = feeds[sig.name] else {
                throw RuntimeError("missing input '\(sig.name)' (\(sig.typeDescription))")
            }
            try Self.checkFeed(t, against: sig)
            values[s] = t
        }
        for name in feeds.keys where !inputs.contains(where: { $0.name == name }) {
            throw RuntimeError("unknown input '\(name)'; the model's inputs are \(inputs.map(\.name).joined(separator: ", "))")
        }
        for step in steps {
            let ins = step.inputSlots.map { $0.flatMap { values[$0] } }
            let outs = try Self.execute(step.info, step.op, ins)
            for (k, s) in step.outputSlots.enumerated() {
                guard let s else { continue }
                guard k < outs.count else {
                    throw RuntimeError.node(step.info, "produced \(outs.count) outputs, the graph expects \(step.outputSlots.count)")
                }
                values[s] = outs[k]
            }
            for s in step.freeAfter { values[s] = nil }
        }
        var result: [String: Tensor] = [:]
        for (sig, s) in zip(outputs, outputSlots) {
            guard let t = values[s] else { throw RuntimeError("output '\(sig.name)' was not computed") }
            result[sig.name] = t
        }
        return result
    }

    static func checkFeed(_ t: Tensor, against sig: ValueSignature) throws {
        if let dt = sig.dataType, dt != t.dataType {
            throw RuntimeError("input '\(sig.name)': expected element type \(dt), got \(t.dataType)")
        }
        guard let shape = sig.shape else { return }
        guard shape.count == t.rank else {
            throw RuntimeError("input '\(sig.name)': expected shape \(sig.typeDescription), got \(t.dataType)\(t.shape) (rank \(t.rank))")
        }
        for (d, n) in zip(shape, t.shape) {
            if case .fixed(let want) = d, want != n {
                throw RuntimeError("input '\(sig.name)': expected shape \(sig.typeDescription), got \(t.dataType)\(t.shape)")
            }
        }
    }
}
