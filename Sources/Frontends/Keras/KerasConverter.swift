import Foundation
import OnnxFormat

/// Converts a Keras model file (.keras, Keras 3 legacy .h5, tf.keras 2.x .h5) to ONNX in
/// Swift: the file is read through libhdf5, the graph built layer by layer. Nothing of
/// the model is executed; no Python is involved.
public enum KerasConverter {
    public struct Options: Sendable {
        /// ONNX opset of the default domain (13...21).
        public var opset: Int = 17
        /// nil: a dynamic batch axis named "batch"; else this fixed size.
        public var batchSize: Int?
        /// Whose numerics to reproduce where Keras backends differ (only an asymmetric
        /// "same" AveragePooling today): "torch", "tensorflow" or "jax". nil: the backend the
        /// file records (legacy .h5), else TensorFlow's, which Keras documents.
        public var backend: String?
        public init() {}
    }

    public struct Result: @unchecked Sendable {
        public let model: Onnx_ModelProto
        public let modelName: String
        /// "keras" (zip) or "h5".
        public let format: String
        public let kerasVersion: String
        public let layerCount: Int
        public let nodeCount: Int
        public let parameterCount: Int
        /// BatchNormalization layers folded into the preceding Conv/Dense.
        public let foldedBatchNorms: Int
        public let inputNames: [String]
        public let outputNames: [String]
    }

    public static let supportedOpsets = 13...21

    /// Converts the model at `path`; throws `KerasError` for every input problem.
    public static func convert(path: String, options: Options = .init()) throws -> Result {
        guard supportedOpsets.contains(options.opset) else {
            throw KerasError("opset \(options.opset) is not supported (use \(supportedOpsets.lowerBound)...\(supportedOpsets.upperBound))")
        }
        if let b = options.batchSize, b < 1 { throw KerasError("batch size must be at least 1") }
        let file = try KerasModelFile.load(path: path)
        let spec = try KerasModelSpec.parse(file.config)
        try checkSupported(spec)
        let g = KerasGraphBuilder(opset: options.opset, kerasVersion: file.kerasVersion)
        g.backend = options.backend ?? file.backend
        var state = BuildState(file: file, g: g, batchSize: options.batchSize)
        let (inputs, outputs) = try state.buildTopLevel(spec)
        var graph = Onnx_GraphProto()
        graph.name = spec.name
        graph.node = g.nodes
        graph.initializer = g.initializers
        graph.input = inputs.map { state.valueInfo($0.name, $0.value, batch: options.batchSize) }
        graph.output = outputs.map { state.valueInfo($0.name, $0.value, batch: options.batchSize) }
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "parity"
        model.producerVersion = "0.1.0"
        model.docString = "Converted from \(URL(fileURLWithPath: path).lastPathComponent) (Keras \(file.kerasVersion), \(file.format.rawValue)) by parity convert."
        var op = Onnx_OperatorSetIdProto()
        op.domain = ""
        op.version = Int64(options.opset)
        model.opsetImport = [op]
        model.graph = graph
        return Result(model: model, modelName: spec.name, format: file.format.rawValue, kerasVersion: file.kerasVersion,
                      layerCount: state.layerCount, nodeCount: g.nodes.count, parameterCount: g.parameterCount,
                      foldedBatchNorms: g.foldedCount, inputNames: inputs.map(\.name), outputNames: outputs.map(\.name))
    }

    /// Converts and writes the model (atomically) to `onnxPath`.
    @discardableResult
    public static func convert(path: String, to onnxPath: String, options: Options = .init()) throws -> Result {
        let r = try convert(path: path, options: options)
        try ModelFile.save(r.model, to: onnxPath)
        return r
    }

    /// Every layer the converter cannot handle, in one error.
    static func checkSupported(_ spec: KerasModelSpec) throws {
        var bad: [(name: String, className: String)] = []
        func scan(_ s: KerasModelSpec) {
            for l in s.layers {
                if KerasModelSpec.modelClasses.contains(l.className) {
                    if let nested = try? KerasModelSpec.parse(l.raw) { scan(nested) } else {
                        bad.append((l.name, l.className))
                    }
                    continue
                }
                guard KerasLayers.byClass[l.className] != nil, l.className != "LayerScale" || LayerScaleLayer.isKerasOwn(l.raw) else {
                    bad.append((l.name, l.className))
                    continue
                }
                let cfg = LayerConfig(layer: l.name, className: l.className, dict: l.config)
                for key in ["activation", "recurrent_activation"] where cfg.has(key) {
                    if let a = try? cfg.activation(key), !KerasActivations.isSupported(a) {
                        bad.append((l.name, "\(l.className) with \(key) '\(a)'"))
                    }
                }
            }
        }
        // Keras 3 writes a mask a layer uses into the graph (NotEqual/Any op layers feeding
        // the call's `mask`): name the masked layers rather than those ops.
        var maskedCalls: [String] = []
        func scanMasks(_ s: KerasModelSpec) {
            for l in s.layers {
                if KerasModelSpec.modelClasses.contains(l.className) {
                    if let nested = try? KerasModelSpec.parse(l.raw) { scanMasks(nested) }
                    continue
                }
                if l.calls.contains(where: { $0.tensorKwargs["mask"] != nil }) { maskedCalls.append("\(l.name) (\(l.className))") }
            }
        }
        scanMasks(spec)
        if !maskedCalls.isEmpty {
            throw KerasError("cannot convert: \(maskedCalls.joined(separator: ", ")) use\(maskedCalls.count == 1 ? "s" : "") a Keras mask (from Masking or Embedding(mask_zero=True)); masked layers are not supported, only Masking's own output")
        }
        scan(spec)
        if !bad.isEmpty { throw KerasError(unsupported: bad) }
    }
}

/// Where a (possibly nested) model finds its layers' weights.
struct WeightSource {
    var byLayer: [String: KerasLayerWeights]

    func weights(_ layer: String) -> KerasLayerWeights? { byLayer[layer] }

    /// The weights of a nested model's layers.
    func nested(_ layer: String) -> WeightSource {
        guard let w = byLayer[layer] else { return WeightSource(byLayer: [:]) }
        if !w.nested.isEmpty { return WeightSource(byLayer: w.nested) }
        // Legacy .h5: one flat list named ".../<sublayer>/<variable>".
        var m: [String: KerasLayerWeights] = [:]
        for (t, n) in zip(w.tensors, w.names) {
            let parts = n.split(separator: "/")
            guard parts.count >= 2 else { continue }
            let sub = String(parts[parts.count - 2])
            m[sub, default: KerasLayerWeights()].tensors.append(t)
            m[sub, default: KerasLayerWeights()].names.append(n)
        }
        return WeightSource(byLayer: m)
    }
}

struct BuildState {
    let file: KerasModelFile
    let g: KerasGraphBuilder
    let batchSize: Int?
    var layerCount = 0

    init(file: KerasModelFile, g: KerasGraphBuilder, batchSize: Int?) {
        self.file = file
        self.g = g
        self.batchSize = batchSize
    }

    /// Builds the top-level model: graph inputs from its InputLayers, outputs in Keras layout.
    mutating func buildTopLevel(_ spec: KerasModelSpec) throws -> (inputs: [(name: String, value: KValue)], outputs: [(name: String, value: KValue)]) {
        var inputs: [(name: String, value: KValue)] = []
        var given: [KerasTensorRef: KValue] = [:]
        for ref in spec.inputs {
            guard let l = spec.layers.first(where: { $0.name == ref.layer }), l.className == "InputLayer" else {
                throw KerasError("model input '\(ref.layer)' is not an InputLayer")
            }
            let v = try inputValue(l)
            g.reserve(v.name)
            inputs.append((v.name, v))
            given[ref] = v
        }
        let source = WeightSource(byLayer: file.weights)
        let outs = try build(spec, given: given, weights: source, prefix: "")
        var outputs: [(name: String, value: KValue)] = []
        var taken = Set(inputs.map(\.name))
        var renamed: [String: String] = [:]
        for (ref, v0) in zip(spec.outputs, outs) {
            var v = g.keras(v0)
            // A value already renamed to an earlier output (an RNN's output and its state).
            if let r = renamed[v.name] { v.name = r }
            let want = g.unique(ref.layer)
            if taken.contains(v.name) || v.elementType != .float && v.elementType != .int64 && v.elementType != .int32 {
                v.name = g.node1("Identity", [v.name], name: want)
            } else {
                rename(v.name, to: want)
                renamed[v.name] = want
                v.name = want
            }
            taken.insert(v.name)
            outputs.append((v.name, v))
        }
        return (inputs, outputs)
    }

    /// Renames a node output everywhere it is used.
    func rename(_ old: String, to new: String) {
        g.renameValue(old, to: new)
    }

    func inputValue(_ l: KerasLayerSpec) throws -> KValue {
        let cfg = LayerConfig(layer: l.name, className: l.className, dict: l.config)
        guard let shape = (l.config["batch_shape"] ?? l.config["batch_input_shape"]) as? [Any] else {
            throw cfg.fail("has no batch_shape")
        }
        var dims: [Int?] = shape.map { $0 as? Int }
        guard !dims.isEmpty else { throw cfg.fail("has an empty batch_shape") }
        dims[0] = batchSize ?? dims[0]
        let dtype = (l.config["dtype"] as? String) ?? ((l.config["dtype"] as? [String: Any])?["config"] as? [String: Any])?["name"] as? String ?? "float32"
        let type: DataType
        switch dtype {
        case "float32": type = .float
        case "int32": type = .int32
        case "int64": type = .int64
        default: throw cfg.fail("input dtype \(dtype) is not supported (float32, int32, int64)")
        }
        return KValue(name: l.name, shape: dims, perm: nil, elementType: type)
    }

    /// Builds `spec`'s layers with `given` values for its inputs; returns its outputs.
    mutating func build(_ spec: KerasModelSpec, given: [KerasTensorRef: KValue], weights: WeightSource, prefix: String) throws -> [KValue] {
        var values = given
        var masked: Set<KerasTensorRef> = []
        var uses: [KerasTensorRef: Int] = [:]
        for l in spec.layers { for c in l.calls { for r in c.inputs + Array(c.tensorKwargs.values) { uses[r, default: 0] += 1 } } }
        for r in spec.outputs { uses[r, default: 0] += 1 }
        var pending: [(layer: KerasLayerSpec, call: Int)] = []
        for l in spec.layers where l.className != "InputLayer" {
            for i in l.calls.indices { pending.append((l, i)) }
        }
        for l in spec.layers where l.className == "InputLayer" {
            let ref = KerasTensorRef(layer: l.name, node: 0, tensor: 0)
            guard values[ref] != nil else { throw KerasError("input layer '\(l.name)' is not a model input") }
        }
        while !pending.isEmpty {
            var progressed = false
            var rest: [(layer: KerasLayerSpec, call: Int)] = []
            for (l, ci) in pending {
                let call = l.calls[ci]
                let ready = (call.inputs + Array(call.tensorKwargs.values)).allSatisfy { values[$0] != nil }
                guard ready else { rest.append((l, ci)); continue }
                let ins = call.inputs.compactMap { values[$0] }
                let carriesMask = (call.inputs + Array(call.tensorKwargs.values)).contains { masked.contains($0) }
                if carriesMask, KerasMasks.consumers.contains(l.className) {
                    throw KerasError("layer '\(l.name)' (\(l.className)): its input carries a Keras mask (from Masking or Embedding(mask_zero=True)); masked \(l.className) is not supported")
                }
                var tk: [String: KValue] = [:]
                for (k, r) in call.tensorKwargs { tk[k] = values[r] }
                let name = prefix + l.name + (l.calls.count > 1 ? "_call\(ci)" : "")
                let outs: [KValue]
                if KerasModelSpec.modelClasses.contains(l.className) {
                    let nested = try KerasModelSpec.parse(l.raw)
                    var nestedGiven: [KerasTensorRef: KValue] = [:]
                    guard nested.inputs.count == ins.count else {
                        throw KerasError("nested model '\(l.name)' has \(nested.inputs.count) inputs, called with \(ins.count)")
                    }
                    for (r, v) in zip(nested.inputs, ins) { nestedGiven[r] = v }
                    outs = try build(nested, given: nestedGiven, weights: weights.nested(l.name), prefix: name + "/")
                } else {
                    guard let conv = KerasLayers.byClass[l.className] else { throw KerasError(unsupported: [(l.name, l.className)]) }
                    var ctx = LayerContext(spec: l, cfg: LayerConfig(layer: l.name, className: l.className, dict: l.config),
                                           inputs: ins, tensorKwargs: tk, kwargs: call.kwargs,
                                           weights: weights.weights(l.name)?.tensors ?? [],
                                           inputUses: call.inputs.map { uses[$0] ?? 1 }, g: g, name: name)
                    ctx.weightNames = weights.weights(l.name)?.names ?? []
                    ctx.scalars = call.scalars
                    outs = try conv.convert(ctx)
                    layerCount += 1
                }
                let marks = KerasMasks.createsMask(l) || (carriesMask && KerasMasks.propagate.contains(l.className))
                for (ti, v) in outs.enumerated() {
                    let ref = KerasTensorRef(layer: l.name, node: ci, tensor: ti)
                    values[ref] = v
                    if marks { masked.insert(ref) }
                }
                progressed = true
            }
            pending = rest
            if !progressed {
                let names = pending.map { $0.layer.name }.prefix(5).joined(separator: ", ")
                throw KerasError("model '\(spec.name)': layers \(names) wait for inputs no layer produces (a cycle or a missing layer)")
            }
        }
        return try spec.outputs.map { r in
            guard let v = values[r] else { throw KerasError("model '\(spec.name)': output \(r) is never produced") }
            return v
        }
    }

    func valueInfo(_ name: String, _ v: KValue, batch: Int?) -> Onnx_ValueInfoProto {
        var vi = Onnx_ValueInfoProto()
        vi.name = name
        var tt = Onnx_TypeProto.Tensor()
        tt.elemType = v.elementType.rawValue
        var shape = Onnx_TensorShapeProto()
        for (i, d) in v.onnxShape.enumerated() {
            var dim = Onnx_TensorShapeProto.Dimension()
            if let d { dim.dimValue = Int64(d) } else { dim.dimParam = i == 0 ? "batch" : "\(name)_dim\(i)" }
            shape.dim.append(dim)
        }
        tt.shape = shape
        vi.type.tensorType = tt
        return vi
    }
}
