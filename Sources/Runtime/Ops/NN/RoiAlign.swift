import OnnxFormat

/// RoiAlign: region-of-interest pooling with bilinear sampling (ai.onnx RoiAlign, opsets
/// 10, 16, 22). X (N, C, H, W), rois (R, 4) as (x1, y1, x2, y2) in input coordinates scaled
/// by `spatial_scale` (default 1), batch_indices (R) int64. Each RoI is divided into
/// output_height × output_width bins (default 1 × 1), each sampled on a sampling_ratio²
/// grid (default 0: ceil(roi size / bins)) and reduced by `mode` ("avg", default, or "max"
/// of the weighted corner terms, as onnxruntime). `coordinate_transformation_mode`
/// (opset 16+, default "half_pixel") shifts coordinates by −0.5; "output_half_pixel" (the
/// only behaviour before opset 16) does not and forces RoIs to at least 1 × 1.
/// Computes in float64; Y (R, C, output_height, output_width).
struct RoiAlign: Operator {
    let node: NodeInfo
    let halfPixel: Bool
    let maxMode: Bool
    let outH: Int, outW: Int
    let samplingRatio: Int
    let spatialScale: Double

    init(_ node: NodeInfo) throws {
        self.node = node
        let ct = node.opset >= 16 ? try node.string("coordinate_transformation_mode", default: "half_pixel") : "output_half_pixel"
        guard ct == "half_pixel" || ct == "output_half_pixel" else {
            throw RuntimeError.node(node, "attribute 'coordinate_transformation_mode' = '\(ct)' is not half_pixel or output_half_pixel")
        }
        halfPixel = ct == "half_pixel"
        let m = try node.string("mode", default: "avg")
        guard m == "avg" || m == "max" else { throw RuntimeError.node(node, "attribute 'mode' = '\(m)' is not avg or max") }
        maxMode = m == "max"
        outH = try node.int("output_height", default: 1)
        outW = try node.int("output_width", default: 1)
        samplingRatio = try node.int("sampling_ratio", default: 0)
        spatialScale = Double(try node.float("spatial_scale", default: 1))
        guard outH >= 1, outW >= 1, outH < 1 << 16, outW < 1 << 16, samplingRatio >= 0, samplingRatio < 1 << 12 else {
            throw RuntimeError.node(node, "output_height, output_width must be positive and sampling_ratio non-negative")
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), rois = try node.required(inputs, 1)
        let bi = try Index.ints(node.required(inputs, 2), node, "batch_indices")
        guard x.rank == 4 else { throw RuntimeError.node(node, "X must be (N, C, H, W), got \(x.shape)") }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        guard rois.rank == 2, rois.shape[1] == 4, rois.shape[0] == bi.count else {
            throw RuntimeError.node(node, "rois must be (\(bi.count), 4), got \(rois.shape)")
        }
        let xs = try node.elements(x, Double.self, "X"), rs = try node.elements(rois, Double.self, "rois")
        let r = bi.count
        var out = [Double](repeating: 0, count: r * c * outH * outW)
        struct Sample { var pos = (0, 0, 0, 0); var wt = (0.0, 0.0, 0.0, 0.0) }
        for k in 0..<r {
            guard bi[k] >= 0, bi[k] < n else { throw RuntimeError.node(node, "batch index \(bi[k]) is out of range 0..<\(n)") }
            let off = halfPixel ? 0.5 : 0
            let x1 = rs[k * 4] * spatialScale - off, y1 = rs[k * 4 + 1] * spatialScale - off
            var rw = rs[k * 4 + 2] * spatialScale - off - x1, rh = rs[k * 4 + 3] * spatialScale - off - y1
            if !halfPixel { rw = max(rw, 1); rh = max(rh, 1) }
            guard x1.isFinite, y1.isFinite, rw.isFinite, rh.isFinite else { throw RuntimeError.node(node, "RoI \(k) is not finite") }
            let bh = rh / Double(outH), bw = rw / Double(outW)
            let gh = samplingRatio > 0 ? samplingRatio : Int(min(max(bh.rounded(.up), 0), 4096))
            let gw = samplingRatio > 0 ? samplingRatio : Int(min(max(bw.rounded(.up), 0), 4096))
            let count = Double(max(gh * gw, 1))
            // Bilinear corners and weights of every sample, shared by all channels.
            var samples: [Sample] = []
            samples.reserveCapacity(outH * outW * max(gh, 0) * max(gw, 0))
            for ph in 0..<outH {
                for pw in 0..<outW {
                    for iy in 0..<max(gh, 0) {
                        let yy = y1 + Double(ph) * bh + (Double(iy) + 0.5) * bh / Double(gh)
                        for ix in 0..<max(gw, 0) {
                            var xx = x1 + Double(pw) * bw + (Double(ix) + 0.5) * bw / Double(gw)
                            var y = yy
                            if y < -1 || y > Double(h) || xx < -1 || xx > Double(w) { samples.append(Sample()); continue }
                            y = max(y, 0)
                            xx = max(xx, 0)
                            var yl = Int(y), xl = Int(xx), yh = yl + 1, xh = xl + 1
                            if yl >= h - 1 { yl = h - 1; yh = yl; y = Double(yl) }
                            if xl >= w - 1 { xl = w - 1; xh = xl; xx = Double(xl) }
                            let ly = y - Double(yl), lx = xx - Double(xl), hy = 1 - ly, hx = 1 - lx
                            samples.append(Sample(pos: (yl * w + xl, yl * w + xh, yh * w + xl, yh * w + xh),
                                                  wt: (hy * hx, hy * lx, ly * hx, ly * lx)))
                        }
                    }
                }
            }
            let per = max(gh, 0) * max(gw, 0)
            for ch in 0..<c {
                let base = (bi[k] * c + ch) * h * w
                for bin in 0..<(outH * outW) {
                    var v = 0.0
                    for s in 0..<per {
                        let p = samples[bin * per + s]
                        let t1 = p.wt.0 * xs[base + p.pos.0], t2 = p.wt.1 * xs[base + p.pos.1]
                        let t3 = p.wt.2 * xs[base + p.pos.2], t4 = p.wt.3 * xs[base + p.pos.3]
                        if maxMode {
                            let m = max(t1, t2, t3, t4)
                            v = s == 0 ? m : max(v, m)
                        } else {
                            v += t1 + t2 + t3 + t4
                        }
                    }
                    out[(k * c + ch) * outH * outW + bin] = maxMode ? v : v / count
                }
            }
        }
        return [Double.tensor(out, shape: [r, c, outH, outW], as: x.dataType)]
    }
}

extension RoiAlign: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType, nil)]
    }
}
