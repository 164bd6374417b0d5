import CKernels
import OnnxFormat

/// LayerNormalization: normalises X over the axes from `axis` on (default -1), then
/// Y = normalized * Scale + B with Scale and B broadcast to X.shape[axis...] (ai.onnx
/// LayerNormalization, opset 17+). Attributes axis, epsilon (default 1e-5), stash_type
/// (default 1: statistics in float32; this kernel accumulates in Double, which is at least
/// as precise). Optional outputs Mean and InvStdDev have shape X.shape[..<axis] followed by
/// ones, element type float32 (float64 when X is float64, as onnxruntime does).
/// Types: float, double, float16, bfloat16.
struct LayerNormalization: Operator {
    let node: NodeInfo
    let axis: Int
    let epsilon: Double

    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: -1)
        epsilon = Double(try node.float("epsilon", default: 1e-5))
        let stash = try node.int("stash_type", default: 1)
        guard stash == 1 || stash == 11 || stash == 10 || stash == 16 else {
            throw RuntimeError.node(node, "attribute 'stash_type' = \(stash) is not a floating-point type")
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        switch x.dataType {
        case .float, .float16, .bfloat16: return try compute(Float.self, x, inputs)
        case .double: return try compute(Double.self, x, inputs)
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
    }

    func compute<T: NNScalar>(_: T.Type, _ x: Tensor, _ inputs: [Tensor?]) throws -> [Tensor] {
        let r = x.rank
        let a = axis < 0 ? axis + r : axis
        guard a >= 0, a < max(r, 1) else { throw RuntimeError.node(node, "attribute 'axis' = \(axis) is out of range for rank \(r)") }
        let normShape = r == 0 ? [] : Array(x.shape[a...])
        let outer = r == 0 ? 1 : Tensor.elementCount(Array(x.shape[..<a]))
        let inner = Tensor.elementCount(normShape)
        func expand(_ t: Tensor, _ what: String) throws -> [T] {
            let v = try node.elements(t, T.self, what)
            if t.shape == normShape { return v }
            guard t.rank <= normShape.count, (try? Broadcast.shape(normShape, t.shape)) == normShape else {
                throw RuntimeError.node(node, "\(what) shape \(t.shape) does not broadcast to \(normShape)")
            }
            return Broadcast.indexMap(from: t.shape, to: normShape).map { v[$0] }
        }
        let scale = try expand(node.required(inputs, 1), "Scale")
        let bias = try node.optional(inputs, 2).map { try expand($0, "B") }
        let xs = try node.elements(x, T.self, "X")
        if T.self == Float.self, x.dataType == .float, !node.wantsOutput(1), !node.wantsOutput(2) {
            // float32 without the statistics outputs: the C kernel (statistics in double).
            let n = xs.count
            let y = [T](unsafeUninitializedCapacity: n) { o, c in
                FloatBuffers.with(xs) { xp in FloatBuffers.with(scale) { sp in FloatBuffers.with(optional: bias) { bp in
                    guard let xp, let yp = FloatBuffers.mutable(o) else { return }
                    pk_layernorm_rows_f32(xp, sp, bp, yp, outer, inner, Float(epsilon), nil, nil)
                } } }
                c = n
            }
            return [T.tensor(y, shape: x.shape, as: x.dataType)]
        }
        var y = [T](repeating: 0, count: xs.count)
        var means = [Double](repeating: 0, count: outer), invs = means
        xs.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
            for o in 0..<outer {
                let base = o * inner
                (means[o], invs[o]) = normalizePlane(px, py, base: base, count: inner, epsilon: epsilon, scale: 1, shift: 0)
                for i in 0..<inner {
                    let v = py[base + i] * scale[i]
                    py[base + i] = bias.map { v + $0[i] } ?? v
                }
            }
        } }
        var out = [T.tensor(y, shape: x.shape, as: x.dataType)]
        let statShape = (r == 0 ? [] : Array(x.shape[..<a])) + [Int](repeating: 1, count: r - a)
        let statType: DataType = x.dataType == .double ? .double : .float
        if node.wantsOutput(1) || node.wantsOutput(2) {
            out.append(Double.tensor(means, shape: statShape, as: statType))
            out.append(Double.tensor(invs, shape: statShape, as: statType))
        }
        return out
    }
}

extension LayerNormalization: ShapeInferring {
    /// Y has X's type and shape; Mean and InvStdDev are X.shape[..<axis] then ones, in
    /// float32 (float64 for a float64 X).
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        let statType: DataType? = x?.dataType.map { $0 == .double ? .double : .float }
        guard let s = x?.shape else { return [x, ValueType(statType, nil), ValueType(statType, nil)] }
        let r = s.count
        let a = axis < 0 ? axis + r : axis
        guard a >= 0, a < max(r, 1) else { throw RuntimeError.node(node, "attribute 'axis' = \(axis) is out of range for rank \(r)") }
        let stat = ValueType(statType, (r == 0 ? [] : Array(s[..<a])) + [ValueType.Dim](repeating: .fixed(1), count: r - a))
        return [x, stat, stat]
    }
}
