import OnnxFormat

/// Pad: pads (or, with negative pads, crops) each axis (ai.onnx Pad, opsets 1-21). `mode`
/// is constant (default), reflect, edge, or wrap (opset 19). Before opset 11 `pads` and
/// the constant `value` are attributes (opset 1 spells it `paddings`); from 11 they are
/// inputs 1 and 2; from 18 optional input 3 lists the padded `axes`. `pads` holds all
/// begins then all ends. Any element type (the constant must match the input's type).
struct Pad: Operator {
    let node: NodeInfo
    let mode: String
    let attrPads: [Int]?
    let attrValue: Float
    init(_ node: NodeInfo) throws {
        self.node = node
        mode = try node.string("mode", default: "constant")
        guard ["constant", "reflect", "edge", "wrap"].contains(mode) else {
            throw RuntimeError.node(node, "unknown mode '\(mode)'")
        }
        if node.opset < 11 {
            guard let p = try node.ints("pads") ?? node.ints("paddings") else {
                throw RuntimeError.node(node, "attribute 'pads' is required")
            }
            attrPads = p
        } else {
            attrPads = nil
        }
        attrValue = try node.float("value", default: 0)
    }

    /// The input coordinate for output coordinate `p` along an axis of size `s` padded by
    /// `begin`, or -1 for the constant.
    static func source(_ p: Int, begin: Int, size s: Int, mode: String) -> Int {
        let i = p - begin
        if i >= 0 && i < s { return i }
        switch mode {
        case "edge": return min(max(i, 0), s - 1)
        case "wrap": return ((i % s) + s) % s
        case "reflect":
            if s == 1 { return 0 }
            let period = 2 * (s - 1)
            let j = ((i % period) + period) % period
            return j < s ? j : period - j
        default: return -1
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let r = x.rank
        var pads: [Int]
        let fill: Tensor
        if let attrPads {
            pads = attrPads
            fill = try Cast.convert(Tensor.scalar(attrValue), to: x.dataType)
        } else {
            let given = try Index.ints(node.required(inputs, 1), node, "pads")
            if let v = node.optional(inputs, 2), v.count > 0 {
                guard v.dataType == x.dataType, v.count == 1 else {
                    throw RuntimeError.node(node, "constant_value must be one element of type \(x.dataType)")
                }
                fill = v
            } else {
                fill = Tensor.zeros(x.dataType, shape: [1])
            }
            if let axesT = node.optional(inputs, 3) {
                let axes = try Index.axes(Index.ints(axesT, node, "axes"), rank: r, node)
                guard given.count == 2 * axes.count else {
                    throw RuntimeError.node(node, "pads has \(given.count) entries for \(axes.count) axes")
                }
                pads = [Int](repeating: 0, count: 2 * r)
                for (k, a) in axes.enumerated() { pads[a] = given[k]; pads[a + r] = given[k + axes.count] }
            } else {
                pads = given
            }
        }
        guard pads.count == 2 * r else { throw RuntimeError.node(node, "pads has \(pads.count) entries, rank \(r) needs \(2 * r)") }
        var shape = [Int](), sources = [[Int]]()
        for d in 0..<r {
            let s = x.shape[d], b = pads[d], e = pads[d + r]
            let n = s + b + e
            guard n >= 0 else { throw RuntimeError.node(node, "pads \(pads) crop axis \(d) of size \(s) below zero") }
            if mode != "constant", n > 0, s == 0 {
                throw RuntimeError.node(node, "mode \(mode) cannot pad an empty axis \(d)")
            }
            shape.append(n)
            sources.append((0..<n).map { Pad.source($0, begin: b, size: s, mode: mode) })
        }
        guard Tensor.elementCount(shape) < Int(Int32.max) else { throw RuntimeError.node(node, "output shape \(shape) is too large") }
        let map = Index.product(sources, inputShape: x.shape)
        return [try x.gathered(map, shape: shape, fill: fill)]
    }
}

extension Pad: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [ValueType(x?.dataType, nil)] }
        let r = s.count
        let rankOnly = ValueType(x?.dataType, s.map { _ in .unknown })
        var pads: [Int]
        if let attrPads {
            pads = attrPads
        } else {
            guard let given = try ShapeInference.ints(constants, 1, node, "pads") else { return [rankOnly] }
            if node.hasInput(3) {
                guard let a = try ShapeInference.ints(constants, 3, node, "axes") else { return [rankOnly] }
                let axes = try Index.axes(a, rank: r, node)
                guard given.count == 2 * axes.count else {
                    throw RuntimeError.node(node, "pads has \(given.count) entries for \(axes.count) axes")
                }
                pads = [Int](repeating: 0, count: 2 * r)
                for (k, a) in axes.enumerated() { pads[a] = given[k]; pads[a + r] = given[k + axes.count] }
            } else {
                pads = given
            }
        }
        guard pads.count == 2 * r else { throw RuntimeError.node(node, "pads has \(pads.count) entries, rank \(r) needs \(2 * r)") }
        let out = (0..<r).map { d in s[d].adding(pads[d].addingReportingOverflow(pads[d + r]).partialValue) }
        for (d, n) in out.enumerated() {
            if let v = n.value, v < 0 { throw RuntimeError.node(node, "pads \(pads) crop axis \(d) of size \(s[d]) below zero") }
        }
        return [ValueType(x?.dataType, out)]
    }
}
