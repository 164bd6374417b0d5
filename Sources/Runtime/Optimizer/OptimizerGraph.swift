import Foundation
import OnnxFormat

/// The graph the optimisation passes rewrite: nodes in topological order, the decoded
/// constants, and the names nothing may rename or remove.
///
/// Constants are decoded once here and handed to the session afterwards, so optimising
/// adds no second decode of the weights to a session's load time. Passes delete nodes by
/// index (`remove`), replace them in place (`nodes[i] = ...`) and read who uses a value
/// through `uses()`, which is rebuilt per pass (linear in graph size).
struct OptimizerGraph {
    var nodes: [Onnx_NodeProto]
    /// Every constant by name: the initializers (decoded) and the values passes create.
    var constants: [String: Tensor]
    /// Initializer protos as they came, reused on output when their value is unchanged.
    var originalInitializers: [String: Onnx_TensorProto]
    /// Initializer names in file order; new constants are appended.
    var constantOrder: [String]
    /// The graph with nodes and initializers left out: name, inputs, outputs, value_info.
    var base: Onnx_GraphProto
    var opsets: [String: Int]
    let baseDirectory: URL?
    /// Graph outputs: their names must survive.
    let graphOutputs: Set<String>
    /// Graph inputs, including initializers listed as inputs.
    let graphInputs: Set<String>
    /// Initializers a caller may replace by feeding an input of the same name (from IR 4,
    /// an initializer also listed as an input): never treated as constants. Before IR 4
    /// every initializer had to be listed as an input and none was overridable.
    let overridable: Set<String>
    /// Names the subgraphs of If/Loop/Scan nodes read from this graph: they must keep
    /// their names, since we do not rewrite subgraphs.
    let subgraphReads: Set<String>
    /// Initializers left in their external-data file for the session to serve row by row
    /// (`RowServedTables`), with their declared types: not constants here, never decoded.
    let inFile: [String: ValueType]
    /// Whether constant folding keeps large values as nodes (for files; see
    /// `ConstantFolding`).
    var limitFoldedSize = true
    /// Also fuse activations only Parity's runtime knows (HardSwish, SiLU): for sessions,
    /// never for a file, which must stay runnable by onnxruntime.
    var runtimeOnlyActivations = false
    /// Every name used anywhere (subgraphs included), for fresh names.
    private var usedNames: Set<String>

    /// `leaveInFile`: initializers not to decode (see `inFile`).
    init(graph: Onnx_GraphProto, opsets: [String: Int], baseDirectory: URL?, irVersion: Int64,
         leaveInFile: Set<String> = []) throws {
        self.opsets = opsets
        self.baseDirectory = baseDirectory
        var b = graph
        b.node = []
        b.initializer = []
        base = b
        graphOutputs = Set(graph.output.map(\.name))
        graphInputs = Set(graph.input.map(\.name))
        overridable = irVersion >= 4 ? graphInputs.intersection(graph.initializer.map(\.name)) : []
        var reads = Set<String>()
        for n in graph.node where n.attribute.contains(where: { $0.hasG || !$0.graphs.isEmpty }) {
            reads.formUnion(Subgraphs.freeVariables(of: n))
        }
        subgraphReads = reads
        constants = [:]
        originalInitializers = [:]
        constantOrder = []
        var inFile: [String: ValueType] = [:]
        for ini in graph.initializer {
            originalInitializers[ini.name] = ini
            constantOrder.append(ini.name)
            if overridable.contains(ini.name) { continue }
            if leaveInFile.contains(ini.name), let dt = DataType(rawValue: ini.dataType) {
                inFile[ini.name] = ValueType(dt, fixed: ini.dims.map { Int($0) })
                continue
            }
            do { constants[ini.name] = try Tensor(proto: ini, baseDirectory: baseDirectory) } catch {
                throw RuntimeError("initializer '\(ini.name)': \(error)")
            }
        }
        self.inFile = inFile
        usedNames = []
        Self.collectNames(graph, into: &usedNames)
        nodes = try Self.topologicalOrder(graph.node, available: Set(graph.initializer.map(\.name)).union(graphInputs))
    }

    /// Kahn's algorithm, stable: producers first, otherwise file order. Names that nothing
    /// produces (outer-scope reads, undefined names) do not block a node here; the session
    /// reports undefined names itself.
    static func topologicalOrder(_ nodes: [Onnx_NodeProto], available: Set<String>) throws -> [Onnx_NodeProto] {
        var producer: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { for o in n.output where !o.isEmpty { producer[o] = i } }
        var waiting = [Int](repeating: 0, count: nodes.count)
        var dependents = [[Int]](repeating: [], count: nodes.count)
        for (i, n) in nodes.enumerated() {
            var deps = Set<Int>()
            let reads = n.input + (n.attribute.contains(where: { $0.hasG || !$0.graphs.isEmpty }) ? Subgraphs.freeVariables(of: n).sorted() : [])
            for name in reads where !name.isEmpty && !available.contains(name) {
                if let p = producer[name], p != i { deps.insert(p) }
            }
            waiting[i] = deps.count
            for p in deps { dependents[p].append(i) }
        }
        // A min-heap would keep file order exactly; a sorted ready list is enough here
        // because ready nodes are appended in increasing index order per release.
        var ready = (0..<nodes.count).filter { waiting[$0] == 0 }
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        var k = 0
        while k < ready.count {
            let i = ready[k]
            k += 1
            order.append(i)
            for d in dependents[i] {
                waiting[d] -= 1
                if waiting[d] == 0 { ready.append(d) }
            }
        }
        guard order.count == nodes.count else {
            throw RuntimeError("the graph has a cycle; not optimising")
        }
        return order.map { nodes[$0] }
    }

    static func collectNames(_ g: Onnx_GraphProto, into names: inout Set<String>) {
        for v in g.input { names.insert(v.name) }
        for v in g.output { names.insert(v.name) }
        for t in g.initializer { names.insert(t.name) }
        for n in g.node {
            names.insert(n.name)
            for s in n.input + n.output { names.insert(s) }
            for a in n.attribute {
                if a.hasG { collectNames(a.g, into: &names) }
                for sg in a.graphs { collectNames(sg, into: &names) }
            }
        }
    }

    // MARK: names

    /// A name not used anywhere in the model, derived from `hint`.
    mutating func freshName(_ hint: String) -> String {
        var name = hint, k = 1
        while usedNames.contains(name) { name = "\(hint)_\(k)"; k += 1 }
        usedNames.insert(name)
        return name
    }

    /// Adds a constant under a fresh name derived from `hint` and returns the name.
    mutating func addConstant(_ t: Tensor, hint: String) -> String {
        let name = freshName(hint)
        constants[name] = t
        constantOrder.append(name)
        return name
    }

    /// The constant value of `name` (initializer or created by a pass), if it is one.
    func constant(_ name: String) -> Tensor? {
        name.isEmpty ? nil : constants[name]
    }

    /// True when a name must keep existing under that name.
    func isPinned(_ name: String) -> Bool {
        graphOutputs.contains(name) || subgraphReads.contains(name)
    }

    // MARK: uses

    /// For each value name, the indices of the nodes reading it (once per input slot).
    func uses() -> [String: [Int]] {
        var u: [String: [Int]] = [:]
        for (i, n) in nodes.enumerated() {
            for name in n.input where !name.isEmpty { u[name, default: []].append(i) }
        }
        return u
    }

    /// For each value name, the index of the node producing it.
    func producers() -> [String: Int] {
        var p: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { for o in n.output where !o.isEmpty { p[o] = i } }
        return p
    }

    /// The single node reading `name` (one input slot), when the value is otherwise unused:
    /// not a graph output and not read by a subgraph. Fusions require it, so the value they
    /// swallow is seen by nobody else.
    func soleReader(_ name: String, _ uses: [String: [Int]]) -> Int? {
        guard !isPinned(name), let u = uses[name], u.count == 1 else { return nil }
        return u[0]
    }

    /// True when nothing reads `name` and it is not a graph output (an unused optional
    /// output such as Dropout's mask).
    func isUnused(_ name: String, _ uses: [String: [Int]]) -> Bool {
        name.isEmpty || (!isPinned(name) && (uses[name]?.isEmpty ?? true))
    }

    // MARK: edits

    /// Drops the nodes at `indices`, keeping the order of the rest.
    mutating func remove(_ indices: Set<Int>) {
        guard !indices.isEmpty else { return }
        nodes = nodes.enumerated().filter { !indices.contains($0.offset) }.map(\.element)
    }

    /// Removes the need for the pass-through node at `index` whose output `output` equals
    /// its input `input` (the caller then removes the node). Readers of the output will
    /// read the input instead (recorded, applied by `applyRenames`, so a pass stays
    /// linear); if the output is a graph output, the input's producer is renamed to produce
    /// it. Returns false, changing nothing, when neither is possible: both names pinned,
    /// or the input is a graph input or constant that cannot take the output's name.
    mutating func bypass(_ index: Int, input: String, output: String) -> Bool {
        if !isPinned(output) {
            renames[output] = input
            return true
        }
        // The output's name must survive: give it to the input's producer. Rare (graph
        // outputs only), so pending renames are applied first and this edit is immediate.
        applyRenames()
        let input = nodes[index].input.first ?? input
        guard !isPinned(input), !graphInputs.contains(input), !overridable.contains(input), constants[input] == nil,
              let p = producers()[input], p != index else { return false }
        for i in nodes.indices where i != index {
            for (k, name) in nodes[i].input.enumerated() where name == input { nodes[i].input[k] = output }
            for (k, name) in nodes[i].output.enumerated() where name == input { nodes[i].output[k] = output }
        }
        return true
    }

    /// Readers of a value that was bypassed, by old name -> new name.
    private(set) var renames: [String: String] = [:]

    /// Rewrites every node input through `renames` (following chains), then clears it.
    mutating func applyRenames() {
        guard !renames.isEmpty else { return }
        func resolve(_ name: String) -> String {
            var n = name, steps = 0
            while let next = renames[n], steps <= renames.count { n = next; steps += 1 }
            return n
        }
        for i in nodes.indices {
            for (k, name) in nodes[i].input.enumerated() where renames[name] != nil { nodes[i].input[k] = resolve(name) }
        }
        renames = [:]
    }

    // MARK: output

    /// The graph as an ONNX GraphProto: surviving nodes, the constants they read (unchanged
    /// initializers as they were, with external data read in so the file stands alone), and
    /// value_info only for names that still exist. `placeholders`: constants created by the
    /// passes get a proto with name, type and shape but no data, for a session that takes
    /// their values from `constants` (saves encoding and decoding them again).
    func graphProto(placeholders: Bool = false) throws -> Onnx_GraphProto {
        var g = base
        g.node = nodes
        var read = Set<String>()
        for n in nodes {
            for s in n.input where !s.isEmpty { read.insert(s) }
            if n.attribute.contains(where: { $0.hasG || !$0.graphs.isEmpty }) { read.formUnion(Subgraphs.freeVariables(of: n)) }
        }
        read.formUnion(graphOutputs)
        var inits: [Onnx_TensorProto] = []
        for name in constantOrder where read.contains(name) || overridable.contains(name) {
            if let p = originalInitializers[name], p.dataLocation != .external || placeholders {
                inits.append(p)
            } else if placeholders, let t = constants[name] {
                var p = Onnx_TensorProto()
                p.name = name
                p.dataType = t.dataType.rawValue
                p.dims = t.shape.map { Int64($0) }
                inits.append(p)
            } else if let t = constants[name] {
                inits.append(t.toProto(name: name))
            } else if let p = originalInitializers[name] {
                // An overridable default (an input too) with external data: decode it now.
                inits.append(try Tensor(proto: p, baseDirectory: baseDirectory).toProto(name: name))
            }
        }
        g.initializer = inits
        // Before IR 4 every initializer is also listed as an input: drop the entries of
        // initializers that are gone, or they would become inputs nobody feeds.
        let written = Set(inits.map(\.name))
        g.input = base.input.filter { originalInitializers[$0.name] == nil || written.contains($0.name) }
        var existing = Set(inits.map(\.name)).union(graphInputs)
        for n in nodes { for o in n.output { existing.insert(o) } }
        g.valueInfo = base.valueInfo.filter { existing.contains($0.name) }
        return g
    }
}

extension Onnx_NodeProto {
    /// ai.onnx (the default domain) and op type `op`.
    func isOnnx(_ op: String) -> Bool { opType == op && (domain.isEmpty || domain == "ai.onnx") }

    /// A node named after the nodes it replaces ("conv1+relu"), for error messages.
    static func fusedName(_ parts: [Onnx_NodeProto]) -> String {
        parts.map { $0.name.isEmpty ? $0.opType : $0.name }.joined(separator: "+")
    }

    func attribute(_ name: String) -> Onnx_AttributeProto? { attribute.first { $0.name == name } }
    func intAttribute(_ name: String, default d: Int64) -> Int64 { attribute(name).map(\.i) ?? d }
    func floatAttribute(_ name: String, default d: Float) -> Float { attribute(name).map(\.f) ?? d }
}

extension Onnx_AttributeProto {
    static func string(_ name: String, _ v: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .string; a.s = Data(v.utf8); return a
    }
    static func floats(_ name: String, _ v: [Float]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .floats; a.floats = v; return a
    }
    static func float(_ name: String, _ v: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .float; a.f = v; return a
    }
    static func int(_ name: String, _ v: Int64) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .int; a.i = v; return a
    }
}
