import Foundation
import OnnxFormat

/// The weights of one layer as the file stores them: its own variables in order, then
/// those of sub-objects (an LSTM's cell, a Bidirectional's forward and backward layers).
struct KerasLayerWeights {
    var tensors: [Tensor] = []
    /// Names of the variables as stored (legacy .h5 only; e.g. "dense/kernel:0").
    var names: [String] = []
    /// Sub-models' layers by name (nested models in a .keras file).
    var nested: [String: KerasLayerWeights] = [:]
}

/// A Keras model read from disk: its architecture (JSON config) and its weights by layer
/// name. Reads Keras 3 `.keras` zips, Keras 3 legacy `.h5` and tf.keras 2.x `.h5` files.
struct KerasModelFile {
    enum Format: String { case kerasZip = "keras", legacyH5 = "h5" }

    let path: String
    let format: Format
    let kerasVersion: String
    let backend: String
    /// The model's config: {"class_name": ..., "config": {...}}.
    let config: [String: Any]
    let weights: [String: KerasLayerWeights]

    var isKeras2: Bool { kerasVersion.hasPrefix("2.") }

    static func load(path: String) throws -> KerasModelFile {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw KerasError("\(path): no such file")
        }
        guard let fh = FileHandle(forReadingAtPath: path) else { throw KerasError("\(path): cannot open file") }
        let head = ((try? fh.read(upToCount: 8)) ?? nil) ?? Data()
        try? fh.close()
        if Array(head.prefix(4)) == [0x50, 0x4B, 0x03, 0x04] || Array(head.prefix(4)) == [0x50, 0x4B, 0x05, 0x06] {
            return try loadZip(path: path, name: name)
        }
        if Array(head) == HDF5.signature {
            return try HDF5.locked { try loadLegacyH5(path: path, name: name) }
        }
        if head.isEmpty { throw KerasError("\(name): file is empty, not a Keras model") }
        throw KerasError("\(name): not a Keras model (neither an HDF5 .h5 file nor a .keras zip)")
    }

    // MARK: .keras (zip)

    static func loadZip(path: String, name: String) throws -> KerasModelFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw KerasError("\(name): cannot read file") }
        let zip: ZipArchive
        do { zip = try ZipArchive(data: data, name: name) } catch { throw KerasError("\(error)") }
        func entry(_ e: String) throws -> Data {
            do {
                guard let d = try zip.read(e) else {
                    throw KerasError("\(name): not a .keras model (the zip has no \(e))")
                }
                return d
            } catch let e as KerasError { throw e } catch { throw KerasError("\(error)") }
        }
        let configData = try entry("config.json")
        let config = try parseJSONObject(configData, what: "\(name): config.json")
        var version = "?", backend = "?"
        if let meta = try? zip.read("metadata.json"),
           let m = try? JSONSerialization.jsonObject(with: meta) as? [String: Any] {
            version = m["keras_version"] as? String ?? "?"
            backend = m["backend"] as? String ?? backend
        }
        let weightsData = try entry("model.weights.h5")
        let weights: [String: KerasLayerWeights] = try HDF5.locked {
            do {
                let file = try HDF5Object.open(image: weightsData, name: "\(name)/model.weights.h5")
                guard file.kind(of: "layers") == .group else { return [:] }
                return try readKerasLayers(try file.group("layers"))
            } catch let e as HDF5Error { throw KerasError(e.description) }
        }
        return KerasModelFile(path: path, format: .kerasZip, kerasVersion: version, backend: backend,
                              config: config, weights: weights)
    }

    /// `layers/<key>/vars/0..N` plus sub-objects; layers are keyed by the `name` attribute
    /// of their `vars` group (the layer's real name), else by the group key.
    static func readKerasLayers(_ layers: HDF5Object) throws -> [String: KerasLayerWeights] {
        var result: [String: KerasLayerWeights] = [:]
        for key in try layers.childNames() {
            guard layers.kind(of: key) == .group else { continue }
            let g = try layers.group(key)
            var layerName = key
            if g.kind(of: "vars") == .group, let n = try g.group("vars").stringAttribute("name") { layerName = n }
            result[layerName] = try readKerasObject(g)
        }
        return result
    }

    static func readKerasObject(_ g: HDF5Object) throws -> KerasLayerWeights {
        var w = KerasLayerWeights()
        let children = try g.childNames()
        if children.contains("vars"), g.kind(of: "vars") == .group {
            let vars = try g.group("vars")
            let owner = try vars.stringAttribute("name") ?? "vars"
            let keys = try vars.childNames().compactMap { Int($0) }.sorted()
            for k in keys {
                let (shape, values) = try vars.floatDataset(String(k))
                w.tensors.append(Tensor(shape: shape, floats: values))
                w.names.append("\(owner)/\(k)")
            }
        }
        if children.contains("layers"), g.kind(of: "layers") == .group {
            w.nested = try readKerasLayers(try g.group("layers"))
        }
        // Sub-objects: forward before backward (Bidirectional), the rest by name.
        let subs = children.filter { $0 != "vars" && $0 != "layers" }.sorted { a, b in
            func rank(_ s: String) -> Int { s.hasPrefix("forward") ? 0 : s.hasPrefix("backward") ? 1 : 2 }
            return (rank(a), a) < (rank(b), b)
        }
        for s in subs where g.kind(of: s) == .group {
            let sub = try readKerasObject(try g.group(s))
            w.tensors += sub.tensors
            w.names += sub.names
        }
        return w
    }

    // MARK: legacy .h5

    static func loadLegacyH5(path: String, name: String) throws -> KerasModelFile {
        do {
            let file = try HDF5Object.open(path: path)
            guard let configText = try file.stringAttribute("model_config") else {
                if file.hasAttribute("layer_names") || file.kind(of: "layers") != nil {
                    throw KerasError("\(name): a weights-only file (no model_config attribute); save the whole model with model.save()")
                }
                throw KerasError("\(name): not a Keras model (no model_config attribute)")
            }
            let config = try parseJSONObject(Data(configText.utf8), what: "\(name): model_config")
            let version = try file.stringAttribute("keras_version") ?? "?"
            let backend = try file.stringAttribute("backend") ?? "?"
            var weights: [String: KerasLayerWeights] = [:]
            if file.kind(of: "model_weights") == .group {
                let mw = try file.group("model_weights")
                guard let layerNames = try mw.stringArrayAttribute("layer_names") else {
                    throw KerasError("\(name): model_weights has no layer_names attribute (corrupt file)")
                }
                for ln in layerNames {
                    guard mw.kind(of: ln) == .group else {
                        throw KerasError("\(name): weights of layer '\(ln)' are missing (no group model_weights/\(ln))")
                    }
                    let g = try mw.group(ln)
                    var w = KerasLayerWeights()
                    for wn in try g.stringArrayAttribute("weight_names") ?? [] {
                        let (shape, values) = try g.floatDataset(wn)
                        w.tensors.append(Tensor(shape: shape, floats: values))
                        w.names.append(wn)
                    }
                    weights[ln] = w
                }
            }
            return KerasModelFile(path: path, format: .legacyH5, kerasVersion: version, backend: backend,
                                  config: config, weights: weights)
        } catch let e as HDF5Error {
            throw KerasError(e.description)
        }
    }

    static func parseJSONObject(_ data: Data, what: String) throws -> [String: Any] {
        guard let obj = try? JSONSerialization.jsonObject(with: data), let dict = obj as? [String: Any] else {
            throw KerasError("\(what) is not valid JSON")
        }
        return dict
    }
}
