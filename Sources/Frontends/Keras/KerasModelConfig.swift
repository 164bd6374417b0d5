import Foundation

/// One output of one call of a layer: `keras_history` = [layer, node index, tensor index].
struct KerasTensorRef: Hashable, CustomStringConvertible {
    var layer: String
    var node: Int
    var tensor: Int
    var description: String { "\(layer)[\(node)][\(tensor)]" }
}

/// One call of a layer in a functional graph: its tensor inputs, positional first.
struct KerasLayerCall {
    var inputs: [KerasTensorRef]
    /// Keyword arguments that are tensors (e.g. MultiHeadAttention's `value`).
    var tensorKwargs: [String: KerasTensorRef]
    /// Keyword arguments that are plain values.
    var kwargs: [String: Any]
    /// Number arguments of a call, by position among the arguments (Keras 3 op layers such
    /// as `x + 3.0`, saved as keras.src.ops.numpy.Add with args [tensor, 3.0]).
    var scalars: [(position: Int, value: Double)] = []
}

/// One layer of a model config.
final class KerasLayerSpec {
    let className: String
    let name: String
    let config: [String: Any]
    /// For nested models: the model's own config ({"class_name", "config"}).
    let raw: [String: Any]
    var calls: [KerasLayerCall]
    init(className: String, name: String, config: [String: Any], raw: [String: Any], calls: [KerasLayerCall]) {
        self.className = className
        self.name = name
        self.config = config
        self.raw = raw
        self.calls = calls
    }
}

/// A Sequential or functional model as a graph of layer calls.
struct KerasModelSpec {
    let name: String
    let className: String
    let layers: [KerasLayerSpec]
    let inputs: [KerasTensorRef]
    let outputs: [KerasTensorRef]

    static let modelClasses: Set<String> = ["Functional", "Model", "Sequential"]

    /// Parses {"class_name": ..., "config": {...}} (Keras 3 or tf.keras 2.x).
    static func parse(_ root: [String: Any]) throws -> KerasModelSpec {
        guard let cls = root["class_name"] as? String, let cfg = root["config"] as? [String: Any] else {
            throw KerasError("model config has no class_name/config")
        }
        let name = cfg["name"] as? String ?? "model"
        guard let layerList = cfg["layers"] as? [[String: Any]] else {
            throw KerasError("model config of '\(name)' (\(cls)) has no layer list; only Sequential and functional models can be converted")
        }
        if cls == "Sequential" { return try parseSequential(name: name, layerList) }
        guard cls == "Functional" || cls == "Model" else {
            throw KerasError("'\(name)' is a subclassed model (\(cls)); only Sequential and functional models can be converted")
        }
        var layers: [KerasLayerSpec] = []
        for l in layerList {
            let lc = l["class_name"] as? String ?? "?"
            let lcfg = l["config"] as? [String: Any] ?? [:]
            guard let lname = (l["name"] as? String) ?? (lcfg["name"] as? String) else {
                throw KerasError("a layer of class \(lc) has no name")
            }
            var calls: [KerasLayerCall] = []
            for node in l["inbound_nodes"] as? [Any] ?? [] {
                calls.append(try parseCall(node, layer: lname))
            }
            layers.append(KerasLayerSpec(className: lc, name: lname, config: lcfg, raw: l, calls: calls))
        }
        let ins = try parseRefs(cfg["input_layers"], what: "input_layers")
        let outs = try parseRefs(cfg["output_layers"], what: "output_layers")
        guard !ins.isEmpty, !outs.isEmpty else { throw KerasError("model '\(name)' has no inputs or outputs") }
        return KerasModelSpec(name: name, className: cls, layers: layers, inputs: ins, outputs: outs)
    }

    static func parseSequential(name: String, _ list: [[String: Any]]) throws -> KerasModelSpec {
        var layers: [KerasLayerSpec] = []
        var prev: KerasTensorRef?
        var input: KerasTensorRef?
        for (i, l) in list.enumerated() {
            let lc = l["class_name"] as? String ?? "?"
            let lcfg = l["config"] as? [String: Any] ?? [:]
            let lname = (lcfg["name"] as? String) ?? (l["name"] as? String) ?? "layer_\(i)"
            if lc == "InputLayer" {
                guard prev == nil else { throw KerasError("Sequential model '\(name)' has an InputLayer after other layers") }
                layers.append(KerasLayerSpec(className: lc, name: lname, config: lcfg, raw: l, calls: []))
                prev = KerasTensorRef(layer: lname, node: 0, tensor: 0)
                input = prev
                continue
            }
            if prev == nil {
                // tf.keras 2.x: the first layer carries batch_input_shape.
                guard let shape = lcfg["batch_input_shape"] ?? lcfg["batch_shape"] else {
                    throw KerasError("Sequential model '\(name)' has no input shape (it was never built)")
                }
                let inName = "\(name)_input"
                var icfg: [String: Any] = ["batch_shape": shape, "name": inName]
                if let dt = lcfg["dtype"] as? String { icfg["dtype"] = dt }
                layers.append(KerasLayerSpec(className: "InputLayer", name: inName, config: icfg, raw: [:], calls: []))
                prev = KerasTensorRef(layer: inName, node: 0, tensor: 0)
                input = prev
            }
            guard let p = prev else { continue }
            layers.append(KerasLayerSpec(className: lc, name: lname, config: lcfg, raw: l,
                                         calls: [KerasLayerCall(inputs: [p], tensorKwargs: [:], kwargs: [:])]))
            prev = KerasTensorRef(layer: lname, node: 0, tensor: 0)
        }
        guard let input, let out = prev else { throw KerasError("Sequential model '\(name)' is empty") }
        return KerasModelSpec(name: name, className: "Sequential", layers: layers, inputs: [input], outputs: [out])
    }

    /// One inbound node: Keras 3 {"args": [...], "kwargs": {...}} or tf.keras 2.x
    /// [["layer", node, tensor, {kwargs}], ...].
    static func parseCall(_ node: Any, layer: String) throws -> KerasLayerCall {
        if let d = node as? [String: Any] {
            var refs: [KerasTensorRef] = []
            collectTensors(d["args"] ?? [], into: &refs)
            var scalars: [(position: Int, value: Double)] = []
            if let args = d["args"] as? [Any] {
                for (i, a) in args.enumerated() {
                    if let v = a as? Double { scalars.append((i, v)) } else if let v = a as? Int { scalars.append((i, Double(v))) }
                }
            }
            var tk: [String: KerasTensorRef] = [:]
            var kw: [String: Any] = [:]
            for (k, v) in d["kwargs"] as? [String: Any] ?? [:] {
                var r: [KerasTensorRef] = []
                collectTensors(v, into: &r)
                if let first = r.first { tk[k] = first } else { kw[k] = v }
            }
            return KerasLayerCall(inputs: refs, tensorKwargs: tk, kwargs: kw, scalars: scalars)
        }
        if let list = node as? [Any] {
            var refs: [KerasTensorRef] = []
            var kw: [String: Any] = [:]
            for item in list {
                guard let e = item as? [Any], e.count >= 3, let l = e[0] as? String, let n = e[1] as? Int, let t = e[2] as? Int else {
                    throw KerasError("layer '\(layer)': cannot read an inbound node")
                }
                refs.append(KerasTensorRef(layer: l, node: n, tensor: t))
                if e.count > 3, let k = e[3] as? [String: Any] { kw.merge(k) { a, _ in a } }
            }
            var tk: [String: KerasTensorRef] = [:]
            for (k, v) in kw {
                if let e = v as? [Any], e.count >= 3, let l = e[0] as? String, let n = e[1] as? Int, let t = e[2] as? Int {
                    tk[k] = KerasTensorRef(layer: l, node: n, tensor: t)
                    kw[k] = nil
                }
            }
            return KerasLayerCall(inputs: refs, tensorKwargs: tk, kwargs: kw)
        }
        throw KerasError("layer '\(layer)': cannot read an inbound node")
    }

    static func collectTensors(_ v: Any, into refs: inout [KerasTensorRef]) {
        if let d = v as? [String: Any] {
            if d["class_name"] as? String == "__keras_tensor__", let c = d["config"] as? [String: Any],
               let h = c["keras_history"] as? [Any], h.count >= 3, let l = h[0] as? String, let n = h[1] as? Int, let t = h[2] as? Int {
                refs.append(KerasTensorRef(layer: l, node: n, tensor: t))
            }
            return
        }
        if let a = v as? [Any] { for x in a { collectTensors(x, into: &refs) } }
    }

    /// [["name", 0, 0], ...] or a single ["name", 0, 0]; a dict of them (named outputs).
    static func parseRefs(_ v: Any?, what: String) throws -> [KerasTensorRef] {
        if let a = v as? [Any], a.count >= 3, let l = a[0] as? String, let n = a[1] as? Int, let t = a[2] as? Int {
            return [KerasTensorRef(layer: l, node: n, tensor: t)]
        }
        if let a = v as? [Any] { return try a.flatMap { try parseRefs($0, what: what) } }
        if let d = v as? [String: Any] { return try d.keys.sorted().flatMap { try parseRefs(d[$0], what: what) } }
        throw KerasError("cannot read \(what) of the model config")
    }
}

/// Typed, checked access to a layer's config dictionary.
struct LayerConfig {
    let layer: String
    let className: String
    let dict: [String: Any]

    func fail(_ m: String) -> KerasError { KerasError("layer '\(layer)' (\(className)): \(m)") }

    func has(_ k: String) -> Bool { dict[k] != nil && !(dict[k] is NSNull) }

    func int(_ k: String, _ def: Int? = nil) throws -> Int {
        if let v = dict[k] as? Int { return v }
        if let a = dict[k] as? [Int], a.count == 1, let v = a.first { return v }
        if let def, !has(k) { return def }
        throw fail("config '\(k)' must be an integer")
    }
    func optionalInt(_ k: String) throws -> Int? { has(k) ? try int(k) : nil }
    func double(_ k: String, _ def: Double? = nil) throws -> Double {
        if let v = dict[k] as? Double { return v }
        if let v = dict[k] as? Int { return Double(v) }
        if let def, !has(k) { return def }
        throw fail("config '\(k)' must be a number")
    }
    func optionalDouble(_ k: String) throws -> Double? { has(k) ? try double(k) : nil }
    func bool(_ k: String, _ def: Bool) throws -> Bool {
        guard has(k) else { return def }
        guard let v = dict[k] as? Bool else { throw fail("config '\(k)' must be true or false") }
        return v
    }
    func string(_ k: String, _ def: String? = nil) throws -> String {
        if let v = dict[k] as? String { return v }
        if let def, !has(k) { return def }
        throw fail("config '\(k)' must be a string")
    }
    /// An int or a tuple of `n` ints.
    func ints(_ k: String, count n: Int, _ def: [Int]? = nil) throws -> [Int] {
        if let v = dict[k] as? Int { return Array(repeating: v, count: n) }
        if let a = dict[k] as? [Int] {
            if a.count == n { return a }
            if a.count == 1, let v = a.first { return Array(repeating: v, count: n) }
        }
        if let def, !has(k) { return def }
        throw fail("config '\(k)' must be an integer or \(n) integers")
    }
    func intList(_ k: String) throws -> [Int] {
        if let a = dict[k] as? [Int] { return a }
        if let v = dict[k] as? Int { return [v] }
        throw fail("config '\(k)' must be a list of integers")
    }
    /// An axis (int) or axes (list).
    func axes(_ k: String, _ def: [Int]) throws -> [Int] {
        if !has(k) { return def }
        if let v = dict[k] as? Int { return [v] }
        if let a = dict[k] as? [Int] { return a }
        throw fail("config '\(k)' must be an axis or a list of axes")
    }
    /// The name of an activation: a string, or a serialized {"class_name": ..., "config": ...}.
    func activation(_ k: String = "activation") throws -> String {
        guard has(k) else { return "linear" }
        if let s = dict[k] as? String { return s }
        if let d = dict[k] as? [String: Any] {
            if let c = d["config"] as? String { return c }
            if let c = d["class_name"] as? String { return c }
        }
        throw fail("config '\(k)' is not an activation name")
    }
    var dataFormat: String { (dict["data_format"] as? String) ?? "channels_last" }
}
