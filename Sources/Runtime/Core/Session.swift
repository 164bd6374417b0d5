import Foundation
import OnnxFormat

/// One model (or subgraph) loaded into the Swift runtime, ready to run: checked,
/// topologically ordered, constants decoded and folded, every node bound to its operator,
/// and every value's type and shape inferred and checked against what the graph declares.
///
/// Creating the session lists every op the runtime lacks at once, before anything runs.
/// A subgraph session (an If branch, a Loop body) may read names of its enclosing scopes;
/// the node that owns it receives their values as implicit inputs.
public final class InferenceSession: @unchecked Sendable {
    struct Step {
        let info: NodeInfo
        let op: any Operator
        let valueOp: (any ValueOperator)?
        let inputSlots: [Int?]   // nil: omitted optional input
        let outputSlots: [Int?]  // nil: omitted optional output
        let implicit: [(name: String, slot: Int)]  // outer-scope names its subgraphs read
        let freeAfter: [Int]     // slots whose last use is this step
    }

    public let inputs: [ValueSignature]
    public let outputs: [ValueSignature]
    let steps: [Step]
    let constantSlots: [(Int, Value)]
    let slotCount: Int
    let inputSlots: [Int]
    let outputSlots: [Int]
    /// Names this graph reads from enclosing scopes, with their slots.
    let outerSlots: [(name: String, slot: Int)]
    /// What static inference knows of each value (inputs, constants, node outputs) by name.
    public let inferredTypes: [String: ValueType]
    /// Nodes whose outputs were computed once at load time because every input was constant.
    public private(set) var foldedNodeCount = 0
    /// Initializers left in their external-data file and read row by row by the Gathers
    /// that use them (`RowServedTables`), sorted.
    public private(set) var tablesServedFromFile: [String] = []
    /// Initializers left in their external-data file and packed from it by the operators
    /// that read them (`FilePackedWeights`), never decoded whole; sorted.
    public private(set) var weightsPackedFromFile: [String] = []

    /// Ops for which folding at load time would change semantics.
    static let neverFold: Set<String> = ["RandomNormal", "RandomUniform", "RandomNormalLike",
                                         "RandomUniformLike", "Multinomial", "Bernoulli"]

    /// What the graph optimiser did to this session's graph; nil when it did not run
    /// (turned off, a subgraph session, or a graph it declined: see `SessionOptions`).
    public private(set) var optimization: OptimizationReport?

    /// Builds a session from a model proto. `baseDirectory` resolves external data.
    /// With `options.optimize` (the default unless `PARITY_OPTIMIZE=0`) the main graph goes
    /// through `GraphOptimizer` first; if the optimiser declines the graph (an unsupported
    /// op, a graph that fails its checks), the session loads the graph as it is and reports
    /// any problem itself, exactly as without the optimiser.
    public convenience init(model: Onnx_ModelProto, baseDirectory: URL? = nil, options: SessionOptions = SessionOptions()) throws {
        var opsets: [String: Int] = [:]
        for o in model.opsetImport { opsets[o.domain == "ai.onnx" ? "" : o.domain] = Int(o.version) }
        if opsets[""] == nil, model.opsetImport.isEmpty { opsets[""] = 1 }
        // Model-local functions are inlined first, so the unsupported-ops check sees their bodies.
        let graph = try FunctionExpansion.expand(model, opsets: &opsets)
        if options.optimize, var result = try? GraphOptimizer.optimize(graph: graph, opsets: opsets, baseDirectory: baseDirectory,
                                                                          irVersion: model.irVersion) {
            // Handed over, not shared: the session takes each tensor out as it binds it.
            let decoded = DecodedConstants(result.constants)
            result.constants = [:]
            try self.init(graph: result.graph, opsets: result.opsets, baseDirectory: baseDirectory, outerScope: [],
                          decoded: decoded)
            optimization = result.report
        } else {
            try self.init(graph: graph, opsets: opsets, baseDirectory: baseDirectory, outerScope: [])
        }
    }

    /// Loads an .onnx file and builds a session.
    public convenience init(path: String, options: SessionOptions = SessionOptions()) throws {
        let model = try ModelFile.load(path)
        try self.init(model: model, baseDirectory: ModelFile.baseDirectory(of: path), options: options)
    }

    /// Builds a session for `graph`, as it is (subgraph sessions are not optimised).
    /// `outerScope` holds the names visible from enclosing graphs (empty for a model's main
    /// graph).
    public convenience init(graph: Onnx_GraphProto, opsets: [String: Int], baseDirectory: URL?, outerScope: Set<String>) throws {
        try self.init(graph: graph, opsets: opsets, baseDirectory: baseDirectory, outerScope: outerScope,
                      decoded: DecodedConstants([:]))
    }

    /// Initializer values the optimiser already decoded, by name. The session removes each
    /// one as it takes it, so once a weight is packed and dropped (`Prepacking`) nothing
    /// else keeps its elements alive while the rest of the model loads.
    final class DecodedConstants {
        var values: [String: Tensor]
        init(_ values: [String: Tensor]) { self.values = values }
    }

    /// `decoded`: initializer values already decoded (by the optimiser); the session decodes
    /// the others.
    init(graph: Onnx_GraphProto, opsets: [String: Int], baseDirectory: URL?, outerScope: Set<String>,
         decoded: DecodedConstants) throws {
        ComputeThreads.quietBLAS()
        // 1. Every op must be known: report all missing ones at once, with counts.
        var missing: [String: Int] = [:]
        Self.collectMissingOps(graph, into: &missing)
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
        var constants: [Int: Value] = [:]
        // Large tables only Gathers read stay in their file (`RowServedTables`): a placeholder
        // here, the opened file in `tables` until a Gather takes it or something needs the
        // elements after all (`materialize`).
        // Linear-layer weights are packed from their file the same way (`FilePackedWeights`):
        // a placeholder here, the file in `tables` until their packing step (6b).
        let rowServed = outerScope.isEmpty ? RowServedTables.names(in: graph) : []
        let packedFromFile = outerScope.isEmpty ? FilePackedWeights.names(in: graph) : []
        var tables: [Int: ExternalTensorFile] = [:]
        for ini in graph.initializer {
            if let t = decoded.values.removeValue(forKey: ini.name) { constants[slot(ini.name)] = .tensor(t); continue }
            do {
                if rowServed.contains(ini.name) || packedFromFile.contains(ini.name) {
                    let file = try ExternalTensorFile(proto: ini, baseDirectory: baseDirectory)
                    constants[slot(ini.name)] = .tensor(Self.placeholder(type: file.dataType, shape: file.shape))
                    tables[slot(ini.name)] = file
                    continue
                }
                constants[slot(ini.name)] = .tensor(try Tensor(proto: ini, baseDirectory: baseDirectory))
            } catch {
                throw RuntimeError("initializer '\(ini.name)': \(error)")
            }
        }
        func materialize(_ s: Int?) throws {
            guard let s, let file = tables.removeValue(forKey: s) else { return }
            do { constants[s] = .tensor(Tensor(uncheckedType: file.dataType, shape: file.shape, storage: try file.readAll())) } catch {
                throw RuntimeError("initializer '\(file.name)': \(error)")
            }
        }
        let initializerNames = Set(graph.initializer.map(\.name))
        // Graph inputs that are also initializers are overridable defaults (IR < 4); we treat
        // only the non-initializer ones as the model's inputs.
        let realInputs = graph.input.filter { !initializerNames.contains($0.name) }
        inputs = realInputs.map(ValueSignature.init)
        outputs = graph.output.map(ValueSignature.init)
        inputSlots = realInputs.map { slot($0.name) }

        // Names a subgraph of this graph may see: everything defined here plus our scope.
        var visible = outerScope.union(initializerNames).union(realInputs.map(\.name))
        for n in graph.node { for o in n.output where !o.isEmpty { visible.insert(o) } }

        // 3. Topological order (the spec requires it, but not every producer obeys). A node
        // with subgraphs also depends on the outer names they read.
        var implicitOf: [Int: [String]] = [:]
        for (i, n) in graph.node.enumerated() {
            let free = Subgraphs.freeVariables(of: n)
            if !free.isEmpty { implicitOf[i] = free.sorted() }
        }
        var available = initializerNames.union(realInputs.map(\.name))
        available.insert("")
        var readFromOuter = Set<String>()
        var pending = Array(graph.node.enumerated())
        var ordered: [(Int, Onnx_NodeProto)] = []
        func ready(_ i: Int, _ n: Onnx_NodeProto) -> Bool {
            (n.input + (implicitOf[i] ?? [])).allSatisfy { available.contains($0) || outerScope.contains($0) }
        }
        while !pending.isEmpty {
            var progressed = false
            var rest: [(Int, Onnx_NodeProto)] = []
            for (i, n) in pending {
                if ready(i, n) {
                    ordered.append((i, n))
                    for name in n.input + (implicitOf[i] ?? []) where !available.contains(name) { readFromOuter.insert(name) }
                    for o in n.output where !o.isEmpty { available.insert(o) }
                    progressed = true
                } else {
                    rest.append((i, n))
                }
            }
            if !progressed {
                let (i, n) = rest[0]
                let undefined = (n.input + (implicitOf[i] ?? [])).filter { !available.contains($0) && !outerScope.contains($0) }
                let name = n.name.isEmpty ? "\(n.opType)_\(i)" : n.name
                throw RuntimeError("node '\(name)' (\(n.opType)): input '\(undefined.first ?? "?")' is never produced (graph is not a DAG or a name is missing)")
            }
            pending = rest
        }
        for o in graph.output where !available.contains(o.name) {
            if outerScope.contains(o.name) { readFromOuter.insert(o.name); continue }
            throw RuntimeError("graph output '\(o.name)' is never produced")
        }
        outerSlots = readFromOuter.sorted().map { ($0, slot($0)) }

        // 4. Bind operators.
        struct Bound { let info: NodeInfo; let op: any Operator; let ins: [Int?]; let outs: [Int?]; let implicit: [(String, Int)] }
        var built: [Bound] = []
        for (i, n) in ordered {
            let domain = n.domain == "ai.onnx" ? "" : n.domain
            let info = NodeInfo(proto: n, opset: opsets[domain] ?? opsets[""] ?? 1, index: i,
                                opsets: opsets, scope: visible, baseDirectory: baseDirectory)
            guard let factory = OperatorRegistry.factory(domain: n.domain, opType: n.opType) else { continue }
            let op = try factory(info)
            built.append(Bound(info: info, op: op, ins: n.input.map { $0.isEmpty ? nil : slot($0) },
                               outs: n.output.map { $0.isEmpty ? nil : slot($0) },
                               implicit: (implicitOf[i] ?? []).map { ($0, slot($0)) }))
        }
        outputSlots = graph.output.map { slot($0.name) }

        // 5. Constant folding: a tensor node whose inputs are all constant runs once, now.
        var live: [Bound] = []
        var folded = 0
        for b in built {
            let allConst = b.ins.allSatisfy { $0 == nil || constants[$0!] != nil }
            if allConst, Self.foldable(b.info, b.op, hasImplicitInputs: !b.implicit.isEmpty) {
                for s in b.ins { try materialize(s) }
                let ins = b.ins.map { s -> Tensor? in s.flatMap { constants[$0]?.tensor } }
                let results = try Self.execute(b.info, b.op, ins)
                for (k, s) in b.outs.enumerated() { if let s, k < results.count { constants[s] = .tensor(results[k]) } }
                folded += 1
            } else {
                live.append(b)
            }
        }

        // 5b. Tables left in their file go to the Gathers that read them as data, weights
        // left there to the operators that pack them (6b); any other reader gets the elements.
        if !tables.isEmpty {
            for b in live {
                for (k, s) in b.ins.enumerated() {
                    guard let s, let file = tables[s] else { continue }
                    let gathered = k == 0 && (b.op as? Gather)?.axis == 0 && rowServed.contains(file.name)
                    let packs = k == 1 && b.op is any FilePrepacking && packedFromFile.contains(file.name)
                    if !gathered && !packs { try materialize(s) }
                }
                for (_, s) in b.implicit { try materialize(s) }
            }
            for b in live {
                guard let g = b.op as? Gather, g.axis == 0, let s = b.ins.first ?? nil, let file = tables[s],
                      rowServed.contains(file.name) else { continue }
                g.table.file = file
            }
            tablesServedFromFile = tables.values.map(\.name).filter(rowServed.contains).sorted()
        }

        // 6. Types and shapes of every value, checked against the declared ones.
        var known: [String: ValueType] = [:]
        for (sig, name) in zip(inputs, realInputs.map(\.name)) { known[name] = sig.type }
        var constantsByName: [String: Tensor] = [:]
        for (name, s) in slotOf {
            if let t = constants[s]?.tensor { constantsByName[name] = t; known[name] = ValueType(of: t) }
        }
        var declared: [String: (what: String, type: ValueType)] = [:]
        for v in graph.valueInfo { declared[v.name] = ("value", ValueType(v)) }
        for v in graph.output { declared[v.name] = ("graph output", ValueType(v)) }
        inferredTypes = try ShapeInference.run(nodes: built.map { ($0.info, $0.op) }, types: known,
                                               constants: constantsByName, declared: declared)
        constantsByName = [:]  // (it would keep every weight's elements alive through 6b)

        // 6b. Operators that prepare constant inputs (packed weights) do it now, knowing the
        // static shapes of their other inputs (a convolution packs only the form it will use).
        // A constant every reader of which now serves from its own packed form keeps only
        // its shape (a placeholder without elements), so the weights are not held twice;
        // dropped as soon as its last reader has packed it, so that at most one weight is
        // held in both forms at any time during the load.
        let types = inferredTypes
        var readers: [Int: Int] = [:], servedByPacking: [Int: Int] = [:]
        for b in live {
            for s in b.ins { if let s, constants[s] != nil { readers[s, default: 0] += 1 } }
            for (_, s) in b.implicit where constants[s] != nil { readers[s, default: 0] += 1 }
        }
        let graphOutputs = Set(outputSlots)
        var packedFromFiles: Set<Int> = []
        for b in live {
            guard let p = b.op as? any Prepacking else { continue }
            let inputTypes = b.info.inputNames.map { types[$0] }
            // Weights still in their file: packed from it, or decoded if the operator declines.
            var fromFile: Set<Int> = []
            for (k, s) in b.ins.enumerated() {
                guard let s, let file = tables[s], packedFromFile.contains(file.name) else { continue }
                let done: Bool
                do { done = try (p as? any FilePrepacking)?.prepack(file: file, input: k, types: inputTypes) ?? false } catch {
                    throw RuntimeError.node(b.info, "\(error)")
                }
                if done { fromFile.insert(k); packedFromFiles.insert(s) } else { try materialize(s) }
            }
            // (A weight packed from its file is only a placeholder here: never handed over.)
            let served = p.prepack(constants: b.ins.enumerated().map { k, s in
                                       fromFile.contains(k) ? nil : s.flatMap { constants[$0]?.tensor }
                                   }, types: inputTypes).union(fromFile)
            for i in served {
                guard let s = b.ins.at(i) ?? nil else { continue }
                servedByPacking[s, default: 0] += 1
                if servedByPacking[s] == readers[s], !graphOutputs.contains(s), case .tensor(let t)? = constants[s] {
                    constants[s] = .tensor(Self.placeholder(for: t))
                }
            }
        }

        // Every reader packed these from the file (one that declined decoded it): close them.
        weightsPackedFromFile = packedFromFiles.compactMap { tables.removeValue(forKey: $0)?.name }.sorted()

        // 6c. A small-channel convolution whose output only a MaxPool reads runs with it as
        // one step (`ConvMaxPool`): the convolution's output is never stored.
        var readerCount: [Int: Int] = [:], producer: [Int: Int] = [:]
        for (k, b) in live.enumerated() {
            for s in b.ins { if let s { readerCount[s, default: 0] += 1 } }
            for (_, s) in b.implicit { readerCount[s, default: 0] += 1 }
            for s in b.outs { if let s { producer[s] = k } }
        }
        var fusedAway = Set<Int>()
        for (k, b) in live.enumerated() {
            guard b.implicit.isEmpty, let s = b.ins.first ?? nil, readerCount[s] == 1, !graphOutputs.contains(s),
                  let j = producer[s], j < k, !fusedAway.contains(j), live[j].outs == [s], live[j].implicit.isEmpty,
                  let fused = ConvMaxPool(producer: live[j].op, producerInputs: live[j].ins, reader: b.op, readerOutputs: b.outs)
            else { continue }
            live[j] = Bound(info: fused.node, op: fused, ins: live[j].ins, outs: b.outs, implicit: [])
            fusedAway.insert(k)
        }
        if !fusedAway.isEmpty { live = live.enumerated().filter { !fusedAway.contains($0.offset) }.map(\.element) }

        // 7. Liveness: free each intermediate after its last reader.
        let keep = Set(outputSlots)
        var lastUse: [Int: Int] = [:]
        for (k, b) in live.enumerated() {
            for s in b.ins { if let s { lastUse[s] = k } }
            for (_, s) in b.implicit { lastUse[s] = k }
        }
        var freeAt = [[Int]](repeating: [], count: live.count)
        for (s, k) in lastUse where !keep.contains(s) && constants[s] == nil { freeAt[k].append(s) }
        steps = live.enumerated().map { k, b in
            Step(info: b.info, op: b.op, valueOp: b.op as? any ValueOperator, inputSlots: b.ins, outputSlots: b.outs,
                 implicit: b.implicit.map { (name: $0.0, slot: $0.1) }, freeAfter: freeAt[k])
        }
        constantSlots = constants.map { ($0.key, $0.value) }
        slotCount = slotOf.count
        foldedNodeCount = folded
    }

    /// A tensor with `t`'s type and shape and no elements: what stays of a constant that
    /// only packed forms read (`Prepacking`). Its readers never look at its elements.
    static func placeholder(for t: Tensor) -> Tensor { placeholder(type: t.dataType, shape: t.shape) }

    /// A tensor of that type and shape without elements (see `placeholder(for:)`).
    static func placeholder(type: DataType, shape: [Int]) -> Tensor {
        Tensor(uncheckedType: type, shape: shape, storage: type == .double || type == .complex128 ? .double([]) : .float([]))
    }

    /// Whether a node whose inputs are all constant may run at load time: tensor ops only,
    /// no subgraph reads, nothing random. Shared by load-time folding and the optimiser.
    static func foldable(_ info: NodeInfo, _ op: any Operator, hasImplicitInputs: Bool) -> Bool {
        !hasImplicitInputs && !(op is any ValueOperator) && !neverFold.contains(info.opType)
    }

    static func collectMissingOps(_ graph: Onnx_GraphProto, into missing: inout [String: Int]) {
        for n in graph.node {
            if OperatorRegistry.factory(domain: n.domain, opType: n.opType) == nil {
                let key = n.domain.isEmpty || n.domain == "ai.onnx" ? n.opType : "\(n.domain).\(n.opType)"
                missing[key, default: 0] += 1
            }
            for a in n.attribute {
                if a.hasG { collectMissingOps(a.g, into: &missing) }
                for g in a.graphs { collectMissingOps(g, into: &missing) }
            }
        }
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
        let values = try runValues(feeds.mapValues(Value.tensor))
        var result: [String: Tensor] = [:]
        for (name, v) in values {
            result[name] = try v.asTensor("output '\(name)'")
        }
        return result
    }

    /// Runs the graph on values (tensors, sequences, maps, optionals). `outer` supplies the
    /// enclosing scopes' values of the names this graph reads from them.
    public func runValues(_ feeds: [String: Value], outer: [String: Value] = [:]) throws -> [String: Value] {
        let ordered = try runOrdered(inputs.map { sig in
            guard let v = feeds[sig.name] else { throw RuntimeError("missing input '\(sig.name)' (\(sig.typeDescription))") }
            return v
        }, outer: outer)
        for name in feeds.keys where !inputs.contains(where: { $0.name == name }) {
            throw RuntimeError("unknown input '\(name)'; the model's inputs are \(inputs.map(\.name).joined(separator: ", "))")
        }
        var result: [String: Value] = [:]
        for (sig, v) in zip(outputs, ordered) { result[sig.name] = v }
        return result
    }

    /// Runs with inputs in graph order and returns outputs in graph order: the fast path
    /// for subgraphs, which Loop and Scan run many times.
    public func runOrdered(_ feeds: [Value], outer: [String: Value] = [:]) throws -> [Value] {
        guard feeds.count == inputs.count else {
            throw RuntimeError("expected \(inputs.count) inputs, got \(feeds.count)")
        }
        // Keeps the kernel pool's workers awake for the whole run (see ComputeThreads.hold).
        let held = ComputeThreads.hold()
        defer { if held { ComputeThreads.release() } }
        var values = [Value?](repeating: nil, count: slotCount)
        for (s, v) in constantSlots { values[s] = v }
        for (name, s) in outerSlots {
            guard let v = outer[name] else { throw RuntimeError("outer-scope value '\(name)' is not available") }
            values[s] = v
        }
        for (k, (sig, s)) in zip(inputs, inputSlots).enumerated() {
            try Self.checkFeed(feeds[k], against: sig)
            values[s] = feeds[k]
        }
        let profiling = Profiler.enabled
        for step in steps {
            let started = profiling ? DispatchTime.now().uptimeNanoseconds : 0
            defer { if profiling { Profiler.record(Profiler.key(step.info), DispatchTime.now().uptimeNanoseconds - started) } }
            let outs: [Value]
            if let vop = step.valueOp {
                var ctx = ExecutionContext()
                for (name, s) in step.implicit { ctx.outer[name] = values[s] }
                let ins = step.inputSlots.map { $0.flatMap { values[$0] } }
                do { outs = try vop.runValues(ins, context: ctx) } catch let e as RuntimeError {
                    throw e.description.hasPrefix("node '") ? e : RuntimeError.node(step.info, e.description)
                } catch { throw RuntimeError.node(step.info, "\(error)") }
            } else {
                var ins: [Tensor?] = []
                ins.reserveCapacity(step.inputSlots.count)
                for s in step.inputSlots {
                    guard let s, let v = values[s] else { ins.append(nil); continue }
                    guard case .tensor(let t) = v else {
                        throw RuntimeError.node(step.info, "input is a \(v.kind), this op takes tensors")
                    }
                    ins.append(t)
                }
                outs = try Self.execute(step.info, step.op, ins).map(Value.tensor)
            }
            for (k, s) in step.outputSlots.enumerated() {
                guard let s else { continue }
                guard k < outs.count else {
                    throw RuntimeError.node(step.info, "produced \(outs.count) outputs, the graph expects \(step.outputSlots.count)")
                }
                values[s] = outs[k]
            }
            for s in step.freeAfter { values[s] = nil }
        }
        return try zip(outputs, outputSlots).map { sig, s in
            guard let v = values[s] else { throw RuntimeError("output '\(sig.name)' was not computed") }
            return v
        }
    }

    static func checkFeed(_ v: Value, against sig: ValueSignature) throws {
        guard case .tensor(let t) = v else {
            if sig.kind == .tensor { throw RuntimeError("input '\(sig.name)': expected a tensor, got a \(v.kind)") }
            return
        }
        if sig.kind != .tensor && sig.kind != .unknown {
            throw RuntimeError("input '\(sig.name)': expected a \(sig.kind.rawValue), got a tensor")
        }
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
