import Foundation
import OnnxFormat

/// One Keras layer class converted to ONNX nodes. Each conforming type lives in
/// `Layers/<KerasClassName>.swift` and is listed once in `KerasLayers.all`.
protocol KerasLayerConverter {
    /// The Keras class names this converter handles (aliases included).
    static var classNames: [String] { get }
    /// Emits the nodes for one call of the layer and returns its outputs.
    static func convert(_ c: LayerContext) throws -> [KValue]
}

/// Everything a layer converter sees for one call.
struct LayerContext {
    let spec: KerasLayerSpec
    let cfg: LayerConfig
    let inputs: [KValue]
    let tensorKwargs: [String: KValue]
    let kwargs: [String: Any]
    /// Number arguments of the call by position (op layers like `x + 3.0`).
    var scalars: [(position: Int, value: Double)] = []
    let weights: [Tensor]
    /// The weights' names: "sublayer/variable" paths (legacy .h5: "layer/query/kernel";
    /// .keras: "query/0", the sub-object's name then its index). May be empty.
    var weightNames: [String] = []
    /// How many times each input Keras tensor is used in the whole model (graph outputs count).
    let inputUses: [Int]
    let g: KerasGraphBuilder
    /// Prefix for node names (the layer name, with the call index for shared layers).
    let name: String

    var className: String { spec.className }
    var isSharedLayer: Bool { spec.calls.count > 1 }

    func fail(_ m: String) -> KerasError { cfg.fail(m) }

    func input(_ i: Int = 0) throws -> KValue {
        guard inputs.indices.contains(i) else { throw fail("expects at least \(i + 1) input\(i == 0 ? "" : "s"), got \(inputs.count)") }
        return inputs[i]
    }

    /// Weight `i` with an exact expected shape (checked: a file may not match its config).
    func weight(_ i: Int, _ what: String, shape: [Int]? = nil) throws -> FloatArray {
        guard weights.indices.contains(i) else {
            throw fail("missing weight '\(what)' (the file has \(weights.count) weight\(weights.count == 1 ? "" : "s") for this layer)")
        }
        let t = weights[i]
        if let shape, t.shape != shape {
            throw fail("weight '\(what)' has shape \(t.shape), expected \(shape)")
        }
        return FloatArray(t)
    }

    /// Indices of the weights of sub-layer `sub` (a path component of their names), in order.
    func weightIndices(of sub: String) -> [Int] {
        weightNames.indices.filter { i in
            let parts = weightNames[i].split(separator: "/")
            return parts.count >= 2 && parts[parts.count - 2] == sub
        }
    }

    /// An initializer for a weight, stored once per layer even when the layer is shared.
    func initializer(_ a: FloatArray, _ what: String) -> String {
        g.weight(a, name: "\(spec.name)/\(what)", cacheKey: "\(spec.name)#\(what)")
    }

    /// Applies the layer's `activation` config (if any) and returns the result.
    func activation(_ v: KValue, key: String = "activation") throws -> KValue {
        try KerasActivations.apply(try cfg.activation(key), v, g, name: name)
    }

    /// A Keras axis from the config, normalised to 0..<rank.
    func axis(_ a: Int, rank: Int) throws -> Int {
        let k = a < 0 ? a + rank : a
        guard k >= 0, k < rank else { throw fail("axis \(a) is out of range for rank \(rank)") }
        return k
    }

    /// A fresh value for this layer's output.
    func output(_ onnxName: String, shape: [Int?], perm: [Int]? = nil, type: DataType = .float) -> KValue {
        KValue(name: onnxName, shape: shape, perm: perm, elementType: type)
    }
}
