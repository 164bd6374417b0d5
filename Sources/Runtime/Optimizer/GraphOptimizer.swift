import Foundation
import OnnxFormat

/// One graph rewrite. `run` edits `graph` using what `facts` knew at the start of the
/// round and returns one short line per rewrite ("conv1+relu"); an empty result means it
/// changed nothing. A pass must keep every surviving value's meaning (same type, same
/// values), keep graph output names, and keep nodes in topological order (a fused node
/// takes the place of the last node it replaces).
protocol OptimizationPass: Sendable {
    var name: String { get }
    func run(_ graph: inout OptimizerGraph, _ facts: GraphFacts) throws -> [String]
}

/// What the optimiser did, pass by pass.
public struct OptimizationReport: Sendable, CustomStringConvertible {
    public struct PassSummary: Sendable {
        public let name: String
        /// Rewrites made, summed over rounds.
        public var rewrites: Int
        /// Node count before the pass first changed the graph and after it last did.
        public var nodesBefore: Int
        public var nodesAfter: Int
        /// One entry per rewrite, e.g. "conv1+relu" (the fused node's name).
        public var details: [String]
    }
    public var passes: [PassSummary]
    public var nodesBefore: Int
    public var nodesAfter: Int
    /// Rounds run until no pass changed anything.
    public var rounds: Int

    /// The summary of pass `name`.
    public func pass(_ name: String) -> PassSummary? { passes.first { $0.name == name } }

    /// One line per pass: "fold-batchnorm: 53 -> 33 nodes, 20 rewrites (conv1+bn1, ...)".
    public var lines: [String] {
        passes.map { p in
            if p.rewrites == 0 { return "\(p.name): nothing to do" }
            var line = "\(p.name): \(p.nodesBefore) -> \(p.nodesAfter) nodes, \(p.rewrites) rewrite\(p.rewrites == 1 ? "" : "s")"
            if !p.details.isEmpty {
                let shown = p.details.prefix(4).joined(separator: ", ")
                line += " (\(shown)\(p.details.count > 4 ? ", ... \(p.details.count - 4) more" : ""))"
            }
            return line
        }
    }

    public var description: String {
        (["\(nodesBefore) -> \(nodesAfter) nodes in \(rounds) round\(rounds == 1 ? "" : "s")"] + lines).joined(separator: "\n")
    }
}

/// Graph optimisation: rewrites a model's main graph into an equivalent one that runs
/// faster, with passes applied in a fixed order, round after round, until none changes
/// anything. See Optimizer/README.md for the passes and the rules each one checks.
///
/// The result runs in Parity's runtime and, since fused nodes are onnxruntime's contrib
/// ops (com.microsoft FusedConv / FusedGemm, emitted only for float32), in onnxruntime too.
public enum GraphOptimizer {
    /// The passes in the order they run in each round.
    static let passes: [any OptimizationPass] = [
        ShapeFolding(), ConstantFolding(), IdentityElimination(), ReshapeElimination(),
        BatchNormFolding(), MatMulAddFusion(), ConvActivationFusion(), GemmActivationFusion(),
    ]

    /// Names of the passes, in order.
    public static var passNames: [String] { passes.map(\.name) }

    /// The most rounds run: each round only shrinks the graph, so this bounds a pathological
    /// case, not a normal one (resnet-style graphs settle in 3).
    static let maxRounds = 8

    /// The optimised graph; `constants` holds every initializer's value by name (new ones
    /// have data-less placeholders in `graph.initializer` when built `forSession`).
    public struct Result {
        public var graph: Onnx_GraphProto
        public var opsets: [String: Int]
        public var constants: [String: Tensor]
        public var report: OptimizationReport
    }

    /// Optimises `graph` (a main graph, model-local functions already inlined) of a model of
    /// IR version `irVersion` (which decides whether initializers listed as inputs are
    /// constants). Throws when
    /// the graph cannot be analysed (an unsupported op, a cycle, a type inconsistency): the
    /// caller then uses the graph as it is. `forSession`: skip encoding new constants, and
    /// fold constants of any size (a file keeps large computed constants as nodes).
    public static func optimize(graph: Onnx_GraphProto, opsets: [String: Int], baseDirectory: URL?,
                                irVersion: Int64, forSession: Bool = true) throws -> Result {
        var missing: [String: Int] = [:]
        InferenceSession.collectMissingOps(graph, into: &missing)
        if !missing.isEmpty {
            let list = missing.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")
            throw RuntimeError("unsupported ops: \(list)")
        }
        // A session serves large gathered tables from their file and packs linear-layer
        // weights from it: decoding them here would hold them for nothing (a file gets
        // every constant).
        let inFile = forSession ? RowServedTables.names(in: graph).union(FilePackedWeights.names(in: graph)) : []
        var g = try OptimizerGraph(graph: graph, opsets: opsets, baseDirectory: baseDirectory, irVersion: irVersion,
                                   leaveInFile: inFile)
        g.limitFoldedSize = !forSession
        g.runtimeOnlyActivations = forSession
        var report = OptimizationReport(passes: passes.map { .init(name: $0.name, rewrites: 0, nodesBefore: 0, nodesAfter: 0, details: []) },
                                        nodesBefore: g.nodes.count, nodesAfter: g.nodes.count, rounds: 0)
        for round in 1...maxRounds {
            report.rounds = round
            var changed = false
            var facts = try GraphFacts.analyse(g)
            for (k, pass) in passes.enumerated() {
                let before = g.nodes.count
                let done = try pass.run(&g, facts)
                g.applyRenames()
                guard !done.isEmpty else { continue }
                if report.passes[k].rewrites == 0 { report.passes[k].nodesBefore = before }
                report.passes[k].rewrites += done.count
                report.passes[k].nodesAfter = g.nodes.count
                report.passes[k].details += done
                changed = true
                // Folding changes which values are constant: later passes must see that.
                if pass is ShapeFolding || pass is ConstantFolding { facts = try GraphFacts.analyse(g) }
            }
            if !changed { break }
        }
        for k in report.passes.indices where report.passes[k].rewrites == 0 {
            report.passes[k].nodesBefore = g.nodes.count
            report.passes[k].nodesAfter = g.nodes.count
        }
        report.nodesAfter = g.nodes.count
        var ops = g.opsets
        if g.nodes.contains(where: { $0.domain == "com.microsoft" }), ops["com.microsoft"] == nil { ops["com.microsoft"] = 1 }
        return Result(graph: try g.graphProto(placeholders: forSession), opsets: ops, constants: g.constants, report: report)
    }

    /// Optimises a whole model for writing to a file: functions inlined, every constant
    /// encoded (external data read in), com.microsoft imported when fused nodes were made.
    public static func optimize(model: Onnx_ModelProto, baseDirectory: URL?) throws -> (model: Onnx_ModelProto, report: OptimizationReport) {
        var opsets: [String: Int] = [:]
        for o in model.opsetImport { opsets[o.domain == "ai.onnx" ? "" : o.domain] = Int(o.version) }
        if opsets[""] == nil, model.opsetImport.isEmpty { opsets[""] = 1 }
        let graph = try FunctionExpansion.expand(model, opsets: &opsets)
        let r = try optimize(graph: graph, opsets: opsets, baseDirectory: baseDirectory, irVersion: model.irVersion, forSession: false)
        var out = model
        out.graph = r.graph
        // New initializers (folded weights) are not listed as inputs, which IR 4 allows and
        // IR 3 did not. Under IR 4 an initializer listed as an input becomes overridable,
        // which IR 3's never were: unlist them all, so the meaning is unchanged.
        if out.irVersion < 4 {
            out.irVersion = 4
            let initializers = Set(out.graph.initializer.map(\.name))
            out.graph.input = out.graph.input.filter { !initializers.contains($0.name) }
        }
        out.functions = []
        var imports = model.opsetImport
        for (domain, version) in r.opsets.sorted(by: { $0.key < $1.key })
        where !imports.contains(where: { ($0.domain == "ai.onnx" ? "" : $0.domain) == domain }) {
            var o = Onnx_OperatorSetIdProto()
            o.domain = domain
            o.version = Int64(version)
            imports.append(o)
        }
        out.opsetImport = imports
        return (out, r.report)
    }
}
