import OnnxFormat

/// A model's contract and size, as `parity inspect` shows it.
public struct ModelSummary: Codable, Sendable {
    public struct Value: Codable, Sendable {
        public var name: String
        public var elementType: String
        /// Each dimension: a size, a symbol such as "batch", or "?".
        public var shape: [String]?
        /// What the runtime infers (graph outputs, after `addInferredTypes`).
        public var inferredElementType: String?
        public var inferredShape: [String]?
    }
    public var irVersion: Int
    public var producer: String
    public var producerVersion: String
    public var opsetImports: [String: Int]
    public var inputs: [Value]
    public var outputs: [Value]
    public var opCounts: [String: Int]
    public var nodeCount: Int
    public var initializerCount: Int
    public var parameterCount: Int
    public var parameterBytes: Int
    public var externalDataFiles: [String]
    /// Ops the Swift runtime lacks ("domain.Op" outside ai.onnx).
    public var unsupportedOps: [String]
    /// Why the runtime cannot load the model (a shape inconsistency, a bad attribute...).
    public var loadError: String?

    public init(_ m: Onnx_ModelProto) {
        irVersion = Int(m.irVersion)
        producer = m.producerName
        producerVersion = m.producerVersion
        var opsets: [String: Int] = [:]
        for o in m.opsetImport { opsets[o.domain.isEmpty ? "ai.onnx" : o.domain] = Int(o.version) }
        opsetImports = opsets
        let initNames = Set(m.graph.initializer.map(\.name))
        func value(_ v: Onnx_ValueInfoProto) -> Value {
            let sig = ValueSignature(v)
            return Value(name: v.name, elementType: sig.dataType?.description ?? "?", shape: sig.shape?.map(\.description),
                         inferredElementType: nil, inferredShape: nil)
        }
        inputs = m.graph.input.filter { !initNames.contains($0.name) }.map(value)
        outputs = m.graph.output.map(value)
        var counts: [String: Int] = [:]
        var unsupported = Set<String>()
        for n in m.graph.node {
            let key = n.domain.isEmpty || n.domain == "ai.onnx" ? n.opType : "\(n.domain).\(n.opType)"
            counts[key, default: 0] += 1
            if OperatorRegistry.factory(domain: n.domain, opType: n.opType) == nil { unsupported.insert(key) }
        }
        opCounts = counts
        nodeCount = m.graph.node.count
        initializerCount = m.graph.initializer.count
        var params = 0, bytes = 0
        var files = Set<String>()
        for t in m.graph.initializer {
            let n = Tensor.elementCount(t.dims.map { Int(clamping: $0) })
            params += n
            bytes += n * (DataType(rawValue: t.dataType)?.byteSize ?? 1)
            for e in t.externalData where e.key == "location" { files.insert(e.value) }
        }
        parameterCount = params
        parameterBytes = bytes
        externalDataFiles = files.sorted()
        unsupportedOps = unsupported.sorted()
    }

    /// Records what the runtime inferred for each graph output (`InferenceSession.inferredTypes`).
    public mutating func addInferredTypes(_ types: [String: ValueType]) {
        for i in outputs.indices {
            guard let t = types[outputs[i].name] else { continue }
            outputs[i].inferredElementType = t.dataType?.description ?? "?"
            outputs[i].inferredShape = t.shape?.map(\.description)
        }
    }
}
