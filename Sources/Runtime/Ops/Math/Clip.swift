import OnnxFormat

/// Clip: limits every element to [min, max] (ai.onnx Clip, opsets 1-13). Before opset 11
/// the bounds are the float attributes `min`/`max` (defaults: the type's lowest and
/// highest); from 11 they are optional scalar inputs 1 and 2 of the input's type. Integer
/// types from opset 12. NaN passes through; when min > max every element becomes max.
struct Clip: Operator {
    let node: NodeInfo
    let attrMin: Float
    let attrMax: Float
    init(_ node: NodeInfo) throws {
        self.node = node
        attrMin = try node.float("min", default: -Float.greatestFiniteMagnitude)
        attrMax = try node.float("max", default: Float.greatestFiniteMagnitude)
    }

    struct I: IntegerFunction {
        let lo: Int64?, hi: Int64?
        func callAsFunction<T: FixedWidthInteger>(_ x: T) -> T {
            // The bounds share the input's type (checked in run), so they are representable.
            var v = x
            if let lo, v < T(truncatingIfNeeded: lo) { v = T(truncatingIfNeeded: lo) }
            if let hi, v > T(truncatingIfNeeded: hi) { v = T(truncatingIfNeeded: hi) }
            return v
        }
    }

    func bound(_ inputs: [Tensor?], _ i: Int, _ x: Tensor) throws -> Tensor? {
        guard let t = node.optional(inputs, i) else { return nil }
        guard t.count == 1 else { throw RuntimeError.node(node, "input \(i) must be a scalar, has shape \(t.shape)") }
        guard t.dataType == x.dataType else {
            throw RuntimeError.node(node, "input \(i) type \(t.dataType) differs from input type \(x.dataType)")
        }
        return t
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        if node.opset < 11 {
            let lo = attrMin, hi = attrMax
            return [try Elementwise.unary(x, name: "Clip", { Self.clamp($0, lo, hi) },
                                          double: { Self.clamp($0, Double(lo), Double(hi)) })]
        }
        let minT = try bound(inputs, 1, x), maxT = try bound(inputs, 2, x)
        if !x.dataType.isFloatingPoint {
            let lo = try minT.map { try intScalar($0) }, hi = try maxT.map { try intScalar($0) }
            guard let r = Elementwise.integer(x, I(lo: lo, hi: hi)) else {
                throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
            }
            return [r]
        }
        let lo = minT?.asDoubles()?.first ?? -.infinity
        let hi = maxT?.asDoubles()?.first ?? .infinity
        let lf = Float(lo), hf = Float(hi)
        return [try Elementwise.unary(x, name: "Clip", { Self.clamp($0, lf, hf) },
                                      double: { Self.clamp($0, lo, hi) })]
    }

    /// `x` raised to `lo`, then lowered to `hi` (so `hi` wins when min > max, as numpy's
    /// clip); NaN passes through.
    static func clamp<F: FloatingPoint>(_ x: F, _ lo: F, _ hi: F) -> F {
        var v = x
        if v < lo { v = lo }
        if v > hi { v = hi }
        return v
    }

    func intScalar(_ t: Tensor) throws -> Int64 {
        guard let v = t.asInt64s()?.first else { throw RuntimeError.node(node, "bound must be an integer scalar") }
        return v
    }
}

extension Clip: PreservesInputType {}
