import Foundation
import OnnxFormat

/// A float array with a shape: weights while they are being rearranged and folded.
struct FloatArray {
    var shape: [Int]
    var values: [Float]

    init(shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    init(_ t: Tensor) {
        shape = t.shape
        values = t.floats ?? t.asDoubles()?.map { Float($0) } ?? []
    }

    var count: Int { values.count }

    /// `out` dims are `shape[perm[i]]` (like ONNX Transpose).
    func transposed(_ perm: [Int]) -> FloatArray {
        let r = shape.count
        guard r > 1, perm != Array(0 ..< r) else { return self }
        let outShape = perm.map { shape[$0] }
        guard values.count == shape.reduce(1, *) else { return FloatArray(shape: outShape, values: values) }
        if shape.contains(1) {
            // Axes of size 1 do not move data: transpose without them (a 1x1 kernel is a 2-D transpose).
            let keep = (0 ..< r).filter { shape[$0] != 1 }
            let sub = FloatArray(shape: keep.map { shape[$0] }, values: values)
            let subPerm = perm.filter { shape[$0] != 1 }.compactMap { keep.firstIndex(of: $0) }
            return FloatArray(shape: outShape, values: sub.transposed(subPerm).values)
        }
        let inStrides = Tensor.strides(shape)
        let srcStride = perm.map { inStrides[$0] }
        let count = values.count
        guard count > 0, let inner = outShape.last, inner > 0 else { return FloatArray(shape: outShape, values: []) }
        // The last output axis in one tight strided loop; the outer axes by an odometer.
        let innerStride = srcStride[r - 1]
        var idx = [Int](repeating: 0, count: r - 1)
        var src = 0
        let out = [Float](unsafeUninitializedCapacity: count) { o, initialized in
            values.withUnsafeBufferPointer { v in
                var dst = 0
                while dst < count {
                    var s = src
                    for j in 0 ..< inner {
                        o[dst + j] = v[s]
                        s += innerStride
                    }
                    dst += inner
                    var d = r - 2
                    while d >= 0 {
                        idx[d] += 1
                        src += srcStride[d]
                        if idx[d] < outShape[d] { break }
                        src -= srcStride[d] * outShape[d]
                        idx[d] = 0
                        d -= 1
                    }
                }
            }
            initialized = count
        }
        return FloatArray(shape: outShape, values: out)
    }

    func reshaped(_ s: [Int]) -> FloatArray { FloatArray(shape: s, values: values) }

    var tensor: Tensor { Tensor(shape: shape, floats: values) }
}

/// A Keras tensor as it lives in the ONNX graph being built.
///
/// Layout: the ONNX value holds the Keras tensor with its axes permuted, ONNX axis `i`
/// being Keras axis `perm[i]` (nil: the same layout). Convolutions keep channels_last
/// tensors channels-first so that a conv net needs one Transpose at each end.
struct KValue {
    var name: String
    /// The Keras shape, batch axis included (nil: unknown or dynamic).
    var shape: [Int?]
    var perm: [Int]?
    var elementType: DataType = .float

    var rank: Int { shape.count }

    /// The ONNX axis that holds Keras axis `a` (negative counts from the end).
    func onnxAxis(_ a: Int) -> Int {
        let k = a < 0 ? a + rank : a
        guard let perm else { return k }
        return perm.firstIndex(of: k) ?? k
    }

    /// The ONNX shape of this value.
    var onnxShape: [Int?] { perm.map { p in p.map { shape[$0] } } ?? shape }

    /// The permutation that holds a channels_last tensor channels-first: [0, r-1, 1, ..., r-2].
    static func channelsFirstPerm(rank r: Int) -> [Int] { [0, r - 1] + Array(1 ..< max(1, r - 1)) }
}

/// Producer of a value that a following BatchNormalization can be folded into.
struct FoldTarget {
    /// Initializer holding the weights; `axis` is its output-channel axis.
    var weight: String
    var axis: Int
    var bias: String?
    /// Index of the producing node, to add a bias input when there is none.
    var nodeIndex: Int
    /// The Keras axis of the channels in the produced value.
    var kerasChannelAxis: Int
}

/// Builds the ONNX graph: nodes, initializers, unique names and layout conversions.
final class KerasGraphBuilder {
    let opset: Int
    let kerasVersion: String
    /// The Keras backend that saved the model ("torch", "tensorflow", "jax"; "?" if unknown).
    var backend = "?"
    private(set) var nodes: [Onnx_NodeProto] = []
    private var initializerOrder: [String] = []
    private var initializerValues: [String: Tensor] = [:]
    private var floatInitializers: [String: FloatArray] = [:]
    private var used: Set<String> = []
    private var usedNodeNames: Set<String> = []
    private var transposeCache: [String: KValue] = [:]
    private var initializerCache: [String: String] = [:]
    var foldTargets: [String: FoldTarget] = [:]
    /// BatchNormalization layers folded into their producer.
    var foldedCount = 0

    init(opset: Int, kerasVersion: String) {
        self.opset = opset
        self.kerasVersion = kerasVersion
    }

    var isKeras2: Bool { kerasVersion.hasPrefix("2.") }

    /// A name not used yet in the graph, derived from `base`.
    func unique(_ base: String) -> String {
        let clean = base.isEmpty ? "v" : base
        if used.insert(clean).inserted { return clean }
        var k = 1
        while !used.insert("\(clean)_\(k)").inserted { k += 1 }
        return "\(clean)_\(k)"
    }

    func reserve(_ name: String) { used.insert(name) }

    // MARK: nodes

    /// Adds a node; returns its output names (fresh, derived from `name`).
    @discardableResult
    func node(_ op: String, _ inputs: [String], _ attrs: [Onnx_AttributeProto] = [], name: String, outputs: Int = 1) -> [String] {
        var n = Onnx_NodeProto()
        n.opType = op
        var nodeName = name
        var k = 1
        while !usedNodeNames.insert(nodeName).inserted { nodeName = "\(name)_\(k)"; k += 1 }
        n.name = nodeName
        n.input = inputs
        n.output = (0 ..< outputs).map { i in unique(outputs == 1 ? name : "\(name):\(i)") }
        n.attribute = attrs
        nodes.append(n)
        return n.output
    }

    func node1(_ op: String, _ inputs: [String], _ attrs: [Onnx_AttributeProto] = [], name: String) -> String {
        node(op, inputs, attrs, name: name)[0]
    }

    /// Adds an input to an existing node (a bias added by folding).
    func appendInput(_ name: String, toNode index: Int) {
        guard nodes.indices.contains(index) else { return }
        nodes[index].input.append(name)
    }

    // MARK: initializers

    /// A float initializer, shared by `cacheKey` (a shared layer's weight is stored once).
    func weight(_ a: FloatArray, name: String, cacheKey: String? = nil) -> String {
        if let cacheKey, let n = initializerCache[cacheKey] { return n }
        let n = unique(name)
        initializerOrder.append(n)
        floatInitializers[n] = a
        if let cacheKey { initializerCache[cacheKey] = n }
        return n
    }

    func constant(_ values: [Float], shape: [Int], name: String) -> String {
        weight(FloatArray(shape: shape, values: values), name: name)
    }

    func int64s(_ values: [Int64], name: String, shape: [Int]? = nil) -> String {
        let key = "i64:\(values)|\(shape ?? [values.count])"
        if let n = initializerCache[key] { return n }
        let n = unique(name)
        initializerOrder.append(n)
        initializerValues[n] = Tensor(shape: shape ?? [values.count], int64s: values)
        initializerCache[key] = n
        return n
    }

    func scalar(_ v: Float, name: String) -> String {
        let key = "f32:\(v.bitPattern)"
        if let n = initializerCache[key] { return n }
        let n = constant([v], shape: [], name: name)
        initializerCache[key] = n
        return n
    }

    func floatInitializer(_ name: String) -> FloatArray? { floatInitializers[name] }
    func setFloatInitializer(_ name: String, _ a: FloatArray) { floatInitializers[name] = a }

    var initializers: [Onnx_TensorProto] {
        initializerOrder.compactMap { n in
            if let f = floatInitializers[n] { return f.tensor.toProto(name: n) }
            return initializerValues[n]?.toProto(name: n)
        }
    }

    var parameterCount: Int { floatInitializers.values.reduce(0) { $0 + $1.count } }

    // MARK: attributes

    static func attr(_ name: String, int v: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .int; a.i = Int64(v); return a
    }
    static func attr(_ name: String, ints v: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .ints; a.ints = v.map { Int64($0) }; return a
    }
    static func attr(_ name: String, float v: Double) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .float; a.f = Float(v); return a
    }
    static func attr(_ name: String, string v: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .string; a.s = Data(v.utf8); return a
    }

    // MARK: layout

    /// `v` in the given layout (a Transpose when it differs; cached per value and layout).
    func layout(_ v: KValue, _ perm: [Int]?) -> KValue {
        let identity = Array(0 ..< v.rank)
        let want = perm == identity ? nil : perm
        let have = v.perm == identity ? nil : v.perm
        if want == have { return v }
        let key = "\(v.name)|\(want ?? identity)"
        if let c = transposeCache[key] { return c }
        // ONNX axis i of the result is Keras axis want[i], found at ONNX axis `have`^-1(want[i]) now.
        let haveP = have ?? identity
        let wantP = want ?? identity
        let tperm = wantP.map { k in haveP.firstIndex(of: k) ?? k }
        let out = node1("Transpose", [v.name], [Self.attr("perm", ints: tperm)], name: v.name + "_transposed")
        var r = v
        r.name = out
        r.perm = want
        transposeCache[key] = r
        return r
    }

    /// `v` in Keras' own layout.
    func keras(_ v: KValue) -> KValue { layout(v, nil) }

    /// `v` with its last (channel) axis second: the layout ONNX convolutions want.
    func channelsFirst(_ v: KValue) -> KValue { layout(v, KValue.channelsFirstPerm(rank: v.rank)) }

    /// The same layout for all of `values` (the first one's, if all share a rank).
    func common(_ values: [KValue]) -> [KValue] {
        guard let first = values.first else { return values }
        if values.allSatisfy({ $0.perm == first.perm && $0.rank == first.rank }) { return values }
        if values.allSatisfy({ $0.rank == first.rank }) { return values.map { layout($0, first.perm) } }
        return values.map { keras($0) }
    }

    // MARK: reductions (axes moved from an attribute to an input in opset 18; ReduceSum in 13)

    func reduce(_ op: String, _ input: String, axes: [Int], keepdims: Bool, name: String) -> String {
        let inputAsAxes = op == "ReduceSum" ? opset >= 13 : opset >= 18
        if inputAsAxes {
            return node1(op, [input, int64s(axes.map { Int64($0) }, name: "axes")], [Self.attr("keepdims", int: keepdims ? 1 : 0)], name: name)
        }
        return node1(op, [input], [Self.attr("axes", ints: axes), Self.attr("keepdims", int: keepdims ? 1 : 0)], name: name)
    }

    func unsqueeze(_ input: String, axes: [Int], name: String) -> String {
        if opset >= 13 { return node1("Unsqueeze", [input, int64s(axes.map { Int64($0) }, name: "axes")], name: name) }
        return node1("Unsqueeze", [input], [Self.attr("axes", ints: axes)], name: name)
    }

    func squeeze(_ input: String, axes: [Int], name: String) -> String {
        if opset >= 13 { return node1("Squeeze", [input, int64s(axes.map { Int64($0) }, name: "axes")], name: name) }
        return node1("Squeeze", [input], [Self.attr("axes", ints: axes)], name: name)
    }

    /// Reshape to a Keras shape (0 keeps the batch axis, -1 infers one axis).
    func reshape(_ input: String, _ shape: [Int], name: String) -> String {
        node1("Reshape", [input, int64s(shape.map { Int64($0) }, name: "shape")], name: name)
    }

    func clip(_ input: String, min: Float?, max: Float?, name: String) -> String {
        let lo = min.map { scalar($0, name: "clip_min") } ?? ""
        let hi = max.map { scalar($0, name: "clip_max") } ?? ""
        var ins = [input, lo]
        if !hi.isEmpty { ins.append(hi) }
        return node1("Clip", ins, name: name)
    }
}

extension KerasGraphBuilder {
    /// Renames the value `old` (a node output) to `new` in every node.
    func renameValue(_ old: String, to new: String) {
        guard old != new else { return }
        for i in nodes.indices {
            for j in nodes[i].output.indices where nodes[i].output[j] == old { nodes[i].output[j] = new }
            for j in nodes[i].input.indices where nodes[i].input[j] == old { nodes[i].input[j] = new }
        }
        reserve(new)
    }
}
