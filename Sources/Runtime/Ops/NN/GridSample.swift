import Foundation
import OnnxFormat

/// GridSample: samples X [N, C, D1..Dr] at the normalized locations of grid
/// [N, O1..Or, r] (last axis in reverse dimension order: x, y, z) (ai.onnx GridSample,
/// opsets 16-22; r = 2 before opset 20). Attributes mode ("linear"/"bilinear",
/// "nearest", "cubic"/"bicubic"; default linear, bilinear before 20), padding_mode
/// ("zeros", "border", "reflection"), align_corners (default 0). Nearest rounds half to
/// even; cubic uses Keys' kernel with a = -0.75. Output [N, C, O1..Or].
/// Types: float, double, float16, bfloat16.
struct GridSample: Operator {
    enum Mode { case linear, nearest, cubic }
    enum Padding: String { case zeros, border, reflection }
    let node: NodeInfo
    let mode: Mode
    let padding: Padding
    let alignCorners: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        let m = try node.string("mode", default: node.opset >= 20 ? "linear" : "bilinear")
        switch m {
        case "linear", "bilinear": mode = .linear
        case "nearest": mode = .nearest
        case "cubic", "bicubic": mode = .cubic
        default: throw RuntimeError.node(node, "attribute 'mode' = '\(m)' is not linear, nearest or cubic")
        }
        let p = try node.string("padding_mode", default: "zeros")
        guard let pm = Padding(rawValue: p) else {
            throw RuntimeError.node(node, "attribute 'padding_mode' = '\(p)' is not zeros, border or reflection")
        }
        padding = pm
        alignCorners = try node.int("align_corners", default: 0) != 0
    }

    func reflect(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
        let rng = hi - lo
        if rng <= 0 { return lo }
        if x < lo {
            let dx = lo - x, n = (dx / rng).rounded(.towardZero), r = dx - n * rng
            return Int(n) % 2 == 0 ? lo + r : hi - r
        }
        if x > hi {
            let dx = x - hi, n = (dx / rng).rounded(.towardZero), r = dx - n * rng
            return Int(n) % 2 == 0 ? hi - r : lo + r
        }
        return x
    }

    static func cubic(_ t: Double) -> [Double] {
        let a = -0.75, x = abs(t)
        return [((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a,
                ((a + 2) * x - (a + 3)) * x * x + 1,
                ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1,
                ((a * (2 - x) - 5 * a) * (2 - x) + 8 * a) * (2 - x) - 4 * a]
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), g = try node.required(inputs, 1)
        try checkNCHW(node, x)
        let r = x.rank - 2
        guard g.rank == r + 2, g.shape[0] == x.shape[0], g.shape[r + 1] == r else {
            throw RuntimeError.node(node, "grid shape \(g.shape) must be [N, spatial..., \(r)] for X \(x.shape)")
        }
        let xs = try node.elements(x, Double.self, "X"), gs = try node.elements(g, Double.self, "grid")
        let N = x.shape[0], C = x.shape[1], dims = Array(x.shape[2...])
        let outSpatial = Array(g.shape[1...r])
        let P = Tensor.elementCount(outSpatial), plane = Tensor.elementCount(dims)
        let strides = Tensor.strides(dims)
        var lo = [Double](), hi = [Double]()
        for d in dims {
            lo.append(alignCorners ? 0 : -0.5)
            hi.append(alignCorners ? Double(d - 1) : Double(d) - 0.5)
        }
        var y = [Double](repeating: 0, count: N * C * P)
        // Per output point: taps per dimension (index, weight).
        for n in 0..<N {
            for p in 0..<P {
                var taps: [[(Int, Double)]] = []
                for i in 0..<r {
                    let nv = gs[(n * P + p) * r + (r - 1 - i)]
                    let len = Double(dims[i])
                    var v = alignCorners ? (nv + 1) / 2 * (len - 1) : ((nv + 1) * len - 1) / 2
                    if mode == .nearest { v = v.rounded(.toNearestOrEven) }
                    if v < lo[i] || v > hi[i] {
                        if padding == .border { v = Swift.min(Swift.max(v, 0), len - 1) }
                        else if padding == .reflection { v = reflect(v, lo[i], hi[i]) }
                    }
                    func fetch(_ k: Int) -> Int {   // -1: zero padding
                        switch padding {
                        case .zeros: return k >= 0 && k < dims[i] ? k : -1
                        case .border: return Swift.min(Swift.max(k, 0), dims[i] - 1)
                        case .reflection:
                            let q = Int(reflect(Double(k), lo[i], hi[i]))
                            return Swift.min(Swift.max(q, 0), dims[i] - 1)
                        }
                    }
                    switch mode {
                    case .nearest:
                        guard v.isFinite else { taps.append([(-1, 1)]); continue }
                        taps.append([(fetch(Int(v)), 1)])
                    case .linear:
                        guard v.isFinite else { taps.append([(-1, 1)]); continue }
                        let f = v.rounded(.down), k = Int(f), t = v - f
                        taps.append([(fetch(k), 1 - t), (fetch(k + 1), t)])
                    case .cubic:
                        guard v.isFinite else { taps.append([(-1, 1)]); continue }
                        let f = v.rounded(.down), k = Int(f), w = Self.cubic(v - f)
                        taps.append([(fetch(k - 1), w[0]), (fetch(k), w[1]), (fetch(k + 1), w[2]), (fetch(k + 2), w[3])])
                    }
                }
                // Weighted sum over the tap product.
                var combos: [(Int, Double)] = [(0, 1)]
                for i in 0..<r {
                    var next: [(Int, Double)] = []
                    for (off, w) in combos {
                        for (k, tw) in taps[i] { next.append(off < 0 || k < 0 ? (-1, w * tw) : (off + k * strides[i], w * tw)) }
                    }
                    combos = next
                }
                for c in 0..<C {
                    let base = (n * C + c) * plane
                    var s = 0.0
                    for (off, w) in combos where off >= 0 { s += w * xs[base + off] }
                    y[(n * C + c) * P + p] = s
                }
            }
        }
        return [Double.tensor(y, shape: [N, C] + outSpatial, as: x.dataType)]
    }
}

extension GridSample: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let xs = x?.shape, let gs = inputs.at(1)?.shape, gs.count >= 2, xs.count >= 2 else { return [ValueType(x?.dataType, nil)] }
        return [ValueType(x?.dataType, Array(xs[0..<2]) + Array(gs[1..<(gs.count - 1)]))]
    }
}
