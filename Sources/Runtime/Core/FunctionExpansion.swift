import OnnxFormat

/// Inlines calls of functions (ONNX FunctionProto) at load time, before the session binds
/// operators: a node whose (domain, op_type, overload) names a function is replaced by the
/// function's body.
///
/// - Every name inside the body (values, node names, names in its subgraphs) gets a prefix
///   unique in the model, except the formal inputs and outputs, which become the caller's
///   actual names (an omitted optional input stays omitted; an omitted output gets a fresh
///   internal name).
/// - An attribute with `ref_attr_name` takes the caller's attribute of that name, else the
///   function's default (`attribute_proto`), else it is dropped (the op's default applies).
/// - Bodies may call functions in turn (nested calls are expanded, up to a depth of 64, so a
///   recursive function is an error instead of a hang), and calls inside subgraphs (If and
///   Loop bodies) are expanded too.
///
/// Model-local functions (`ModelProto.functions`) come first; `fallback` functions (for
/// example ops the spec defines by a function body) are used only for a node whose op
/// the runtime lacks natively.
enum FunctionExpansion {
    struct Key: Hashable {
        let domain: String, name: String, overload: String
        init(domain: String, name: String, overload: String = "") {
            self.domain = domain == "ai.onnx" ? "" : domain
            self.name = name
            self.overload = overload
        }
    }

    /// The model's main graph with every call of a model-local function inlined, and the
    /// opsets the functions import that the model does not (merged into `opsets`).
    static func expand(_ model: Onnx_ModelProto, opsets: inout [String: Int],
                       fallback: [Key: Onnx_FunctionProto] = [:]) throws -> Onnx_GraphProto {
        var local: [Key: Onnx_FunctionProto] = [:]
        for f in model.functions {
            let key = Key(domain: f.domain, name: f.name, overload: f.overload)
            guard local[key] == nil else { throw RuntimeError("model-local function \(f.domain).\(f.name) is defined twice") }
            local[key] = f
        }
        guard !local.isEmpty || !fallback.isEmpty else { return model.graph }
        let expander = Expander(local: local, fallback: fallback, names: allNames(model))
        let graph = try expander.graph(model.graph, depth: 0)
        for f in expander.usedFunctions {
            for o in f.opsetImport {
                let d = o.domain == "ai.onnx" ? "" : o.domain
                if opsets[d] == nil { opsets[d] = Int(o.version) }
            }
        }
        return graph
    }

    /// Every name in the model (graphs, subgraphs, function bodies): prefixes avoid them.
    static func allNames(_ model: Onnx_ModelProto) -> Set<String> {
        var names = Set<String>()
        func add(_ g: Onnx_GraphProto) {
            for v in g.input + g.output + g.valueInfo { names.insert(v.name) }
            for t in g.initializer { names.insert(t.name) }
            for n in g.node { addNode(n) }
        }
        func addNode(_ n: Onnx_NodeProto) {
            names.formUnion(n.input)
            names.formUnion(n.output)
            names.insert(n.name)
            for a in n.attribute {
                if a.hasG { add(a.g) }
                for g in a.graphs { add(g) }
            }
        }
        add(model.graph)
        for f in model.functions {
            names.formUnion(f.input)
            names.formUnion(f.output)
            for n in f.node { addNode(n) }
        }
        return names
    }

    final class Expander {
        let local: [Key: Onnx_FunctionProto]
        let fallback: [Key: Onnx_FunctionProto]
        let names: Set<String>
        var counter = 0
        var usedFunctions: [Onnx_FunctionProto] = []
        var usedKeys = Set<Key>()

        init(local: [Key: Onnx_FunctionProto], fallback: [Key: Onnx_FunctionProto], names: Set<String>) {
            self.local = local
            self.fallback = fallback
            self.names = names
        }

        func graph(_ g: Onnx_GraphProto, depth: Int) throws -> Onnx_GraphProto {
            var out = g
            out.node = []
            for n in g.node { out.node += try node(n, depth: depth) }
            return out
        }

        func function(for n: Onnx_NodeProto) -> Onnx_FunctionProto? {
            let key = Key(domain: n.domain, name: n.opType, overload: n.overload)
            if let f = local[key] { return f }
            if OperatorRegistry.factory(domain: n.domain, opType: n.opType) == nil { return fallback[key] }
            return nil
        }

        func node(_ proto: Onnx_NodeProto, depth: Int) throws -> [Onnx_NodeProto] {
            var n = proto
            for i in n.attribute.indices {
                if n.attribute[i].hasG { n.attribute[i].g = try graph(n.attribute[i].g, depth: depth) }
                if !n.attribute[i].graphs.isEmpty {
                    n.attribute[i].graphs = try n.attribute[i].graphs.map { try graph($0, depth: depth) }
                }
            }
            guard let f = function(for: n) else { return [n] }
            guard depth < 64 else {
                throw RuntimeError("function \(f.domain.isEmpty ? "" : f.domain + ".")\(f.name): calls nest deeper than 64 (recursive?)")
            }
            let key = Key(domain: f.domain, name: f.name, overload: f.overload)
            if usedKeys.insert(key).inserted { usedFunctions.append(f) }
            var out: [Onnx_NodeProto] = []
            for b in try inline(f, at: n) { out += try node(b, depth: depth + 1) }
            return out
        }

        /// A prefix no existing name starts with.
        func freshPrefix(_ base: String) -> String {
            while true {
                counter += 1
                let p = "\(base)__\(counter)__"
                if !names.contains(where: { $0.hasPrefix(p) }) { return p }
            }
        }

        func inline(_ f: Onnx_FunctionProto, at call: Onnx_NodeProto) throws -> [Onnx_NodeProto] {
            let what = "node '\(call.name.isEmpty ? call.opType : call.name)' (\(call.opType))"
            guard call.input.count <= f.input.count else {
                throw RuntimeError("\(what): \(call.input.count) inputs, function \(f.name) takes \(f.input.count)")
            }
            guard call.output.count <= f.output.count else {
                throw RuntimeError("\(what): \(call.output.count) outputs, function \(f.name) makes \(f.output.count)")
            }
            let prefix = freshPrefix(call.name.isEmpty ? f.name : call.name)
            var map: [String: String] = [:]
            for (i, formal) in f.input.enumerated() { map[formal] = i < call.input.count ? call.input[i] : "" }
            for (j, formal) in f.output.enumerated() where j < call.output.count && !call.output[j].isEmpty {
                map[formal] = call.output[j]
            }
            var given: [String: Onnx_AttributeProto] = [:]
            for a in call.attribute { given[a.name] = a }
            var defaults: [String: Onnx_AttributeProto] = [:]
            for a in f.attributeProto { defaults[a.name] = a }
            let r = Rewriter(map: map, prefix: prefix, given: given, defaults: defaults)
            return f.node.map { r.node($0) }
        }
    }

    /// Renames every name of a function body and substitutes attribute references.
    struct Rewriter {
        let map: [String: String]
        let prefix: String
        let given: [String: Onnx_AttributeProto]
        let defaults: [String: Onnx_AttributeProto]

        func name(_ s: String) -> String { s.isEmpty ? "" : map[s] ?? prefix + s }

        func node(_ proto: Onnx_NodeProto) -> Onnx_NodeProto {
            var n = proto
            n.input = n.input.map(name)
            n.output = n.output.map(name)
            n.name = prefix + (n.name.isEmpty ? n.opType : n.name)
            n.attribute = n.attribute.compactMap(attribute)
            return n
        }

        func attribute(_ proto: Onnx_AttributeProto) -> Onnx_AttributeProto? {
            var a = proto
            if !a.refAttrName.isEmpty {
                guard var v = given[a.refAttrName] ?? defaults[a.refAttrName] else { return nil }
                v.name = a.name
                v.clearRefAttrName()
                return v   // the caller's value is in the caller's scope: not renamed
            }
            if a.hasG { a.g = graph(a.g) }
            if !a.graphs.isEmpty { a.graphs = a.graphs.map(graph) }
            return a
        }

        func graph(_ g: Onnx_GraphProto) -> Onnx_GraphProto {
            var out = g
            func rename(_ v: Onnx_ValueInfoProto) -> Onnx_ValueInfoProto { var v = v; v.name = name(v.name); return v }
            out.input = g.input.map(rename)
            out.output = g.output.map(rename)
            out.valueInfo = g.valueInfo.map(rename)
            out.initializer = g.initializer.map { var t = $0; t.name = name(t.name); return t }
            out.node = g.node.map(node)
            return out
        }
    }
}
