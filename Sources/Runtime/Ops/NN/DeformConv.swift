import Foundation
import OnnxFormat

/// DeformConv: deformable 2-D convolution (ai.onnx DeformConv, opset 19+). X (N, C, H, W),
/// W (M, C/group, kH, kW), offset (N, offset_group·kH·kW·2, oH, oW) holding a (Δh, Δw) per
/// kernel tap and output position, optional B (M) and mask (N, offset_group·kH·kW, oH, oW,
/// default ones). Each tap samples X bilinearly (zero outside) at
/// (oh·stride − pad + kh·dilation + Δh, ow·stride − pad + kw·dilation + Δw), is multiplied by
/// its weight and mask and summed. Input channel c uses offset group c / (C/offset_group).
/// Attributes dilations, group, kernel_shape, offset_group, pads, strides as Conv's (no
/// auto_pad). Computes in float64; 2-D only, as onnx's reference.
struct DeformConv: Operator {
    let node: NodeInfo
    let dilations: [Int]?, pads: [Int]?, strides: [Int]?, kernelShape: [Int]?
    let group: Int, offsetGroup: Int

    init(_ node: NodeInfo) throws {
        self.node = node
        dilations = try node.ints("dilations")
        pads = try node.ints("pads")
        strides = try node.ints("strides")
        kernelShape = try node.ints("kernel_shape")
        group = try node.int("group", default: 1)
        offsetGroup = try node.int("offset_group", default: 1)
        guard group >= 1, offsetGroup >= 1 else { throw RuntimeError.node(node, "group and offset_group must be positive") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), w = try node.required(inputs, 1), offset = try node.required(inputs, 2)
        let bias = node.optional(inputs, 3), mask = node.optional(inputs, 4)
        guard x.rank == 4, w.rank == 4, offset.rank == 4 else {
            throw RuntimeError.node(node, "only 2-D deformable convolution is supported: X \(x.shape), W \(w.shape), offset \(offset.shape)")
        }
        let (n, c, ih, iw) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let m = w.shape[0], kh = w.shape[2], kw = w.shape[3]
        if let k = kernelShape, k != [kh, kw] { throw RuntimeError.node(node, "kernel_shape \(k) does not match W \(w.shape)") }
        guard w.shape[1] * group == c, m % group == 0, c % offsetGroup == 0 else {
            throw RuntimeError.node(node, "X \(x.shape), W \(w.shape), group \(group) and offset_group \(offsetGroup) do not fit")
        }
        let st = strides ?? [1, 1], dl = dilations ?? [1, 1], pd = pads ?? [0, 0, 0, 0]
        guard st.count == 2, dl.count == 2, pd.count == 4, st.allSatisfy({ $0 >= 1 }), dl.allSatisfy({ $0 >= 1 }) else {
            throw RuntimeError.node(node, "strides, dilations and pads must describe 2 spatial dimensions")
        }
        let oh = (ih + pd[0] + pd[2] - (kh - 1) * dl[0] - 1) / st[0] + 1
        let ow = (iw + pd[1] + pd[3] - (kw - 1) * dl[1] - 1) / st[1] + 1
        let taps = kh * kw
        guard oh >= 1, ow >= 1, offset.shape == [n, offsetGroup * taps * 2, oh, ow] else {
            throw RuntimeError.node(node, "offset shape \(offset.shape) must be [\(n), \(offsetGroup * taps * 2), \(oh), \(ow)]")
        }
        if let mask, mask.shape != [n, offsetGroup * taps, oh, ow] {
            throw RuntimeError.node(node, "mask shape \(mask.shape) must be [\(n), \(offsetGroup * taps), \(oh), \(ow)]")
        }
        if let bias, bias.shape != [m] { throw RuntimeError.node(node, "B shape \(bias.shape) must be [\(m)]") }
        let xs = try node.elements(x, Double.self, "X"), ws = try node.elements(w, Double.self, "W")
        let os = try node.elements(offset, Double.self, "offset")
        let ms = try mask.map { try node.elements($0, Double.self, "mask") }
        let bs = try bias.map { try node.elements($0, Double.self, "B") }
        let icg = c / group, ocg = m / group, icog = c / offsetGroup, plane = oh * ow
        var out = [Double](repeating: 0, count: n * m * plane)
        // Sampled input, per (batch, channel, tap, position): shared by every output channel.
        var sampled = [Double](repeating: 0, count: c * taps * plane)
        for b in 0..<n {
            for ch in 0..<c {
                let g = ch / icog
                let xBase = (b * c + ch) * ih * iw
                for t in 0..<taps {
                    let (ki, kj) = (t / kw, t % kw)
                    for i in 0..<oh {
                        for j in 0..<ow {
                            let p = i * ow + j
                            let oBase = ((b * offsetGroup + g) * taps + t) * 2
                            let y = Double(i * st[0] - pd[0] + ki * dl[0]) + os[oBase * plane + p]
                            let xx = Double(j * st[1] - pd[1] + kj * dl[1]) + os[(oBase + 1) * plane + p]
                            var v = 0.0
                            if y.isFinite, xx.isFinite, y > -1, xx > -1, y < Double(ih), xx < Double(iw) {
                                let y0 = Int(floor(y)), x0 = Int(floor(xx))
                                let dy = y - Double(y0), dx = xx - Double(x0)
                                for (yy, wy) in [(y0, 1 - dy), (y0 + 1, dy)] where yy >= 0 && yy < ih {
                                    for (xc, wx) in [(x0, 1 - dx), (x0 + 1, dx)] where xc >= 0 && xc < iw {
                                        v += wy * wx * xs[xBase + yy * iw + xc]
                                    }
                                }
                            }
                            if let ms { v *= ms[((b * offsetGroup + g) * taps + t) * plane + p] }
                            sampled[(ch * taps + t) * plane + p] = v
                        }
                    }
                }
            }
            for oc in 0..<m {
                let g = oc / ocg
                let oBase = (b * m + oc) * plane
                let bv = bs?[oc] ?? 0
                for p in 0..<plane { out[oBase + p] = bv }
                for ci in 0..<icg {
                    let ch = g * icg + ci
                    for t in 0..<taps {
                        let wv = ws[(oc * icg + ci) * taps + t]
                        let sBase = (ch * taps + t) * plane
                        for p in 0..<plane { out[oBase + p] += wv * sampled[sBase + p] }
                    }
                }
            }
        }
        return [Double.tensor(out, shape: [n, m, oh, ow], as: x.dataType)]
    }
}

extension DeformConv: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType, nil)]
    }
}
