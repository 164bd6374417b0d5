import Foundation
import OnnxFormat

/// Resize: resamples every axis (or, from opset 18, those in `axes`) to a size given by
/// `scales` (output = floor(input * scale)) or `sizes` (ai.onnx Resize, opsets 10-19).
///
/// `mode` nearest (any element type), linear or cubic (float types, computed in double).
/// Opset 10 takes inputs (X, scales) and works like Upsample: asymmetric coordinates, and
/// nearest rounds down when upsampling, up when downsampling. From opset 11 the inputs are
/// (X, roi, scales, sizes) and `coordinate_transformation_mode` (half_pixel default,
/// half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric, tf_crop_and_resize
/// with `roi` [starts..., ends...] per resized axis and `extrapolation_value` outside it),
/// `nearest_mode` (round_prefer_floor default, round_prefer_ceil, floor, ceil),
/// `cubic_coeff_a` (-0.75) and `exclude_outside` apply; opset 18 adds
/// `keep_aspect_ratio_policy` (stretch, not_larger, not_smaller) and `antialias` (linear and
/// cubic widen their kernel by 1/scale when downsampling, weights normalized). As onnx's
/// reference, align_corners, pytorch_half_pixel and tf_crop_and_resize use the unrounded
/// output length input·scale. Interpolation is separable, so it runs one axis at a time.
struct Resize: Operator {
    enum Mode: String { case nearest, linear, cubic }
    let node: NodeInfo
    let mode: Mode
    let coordinateMode: String
    let nearestMode: String
    let cubicA: Double
    let excludeOutside: Bool
    let keepAspect: String
    let antialias: Bool
    let extrapolationValue: Double
    let axesAttr: [Int]?
    /// Opset 10 Resize and Upsample: inputs (X, scales), ORT's "simple" nearest rounding.
    let legacy: Bool
    let legacyScales: [Float]?

    init(_ node: NodeInfo) throws {
        try self.init(node, legacy: node.opset < 11, legacyScales: nil)
    }

    init(_ node: NodeInfo, legacy: Bool, legacyScales: [Float]?) throws {
        self.node = node
        let m = try node.string("mode", default: "nearest")
        guard let mode = Mode(rawValue: m == "bilinear" ? "linear" : m) else {
            throw RuntimeError.node(node, "unknown mode '\(m)'")
        }
        guard !legacy || mode != .cubic else { throw RuntimeError.node(node, "mode cubic needs opset 11") }
        self.mode = mode
        self.legacy = legacy
        self.legacyScales = legacyScales
        coordinateMode = legacy ? "asymmetric" : try node.string("coordinate_transformation_mode", default: "half_pixel")
        guard ["half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
               "tf_crop_and_resize"].contains(coordinateMode) else {
            throw RuntimeError.node(node, "coordinate_transformation_mode '\(coordinateMode)' is not supported")
        }
        nearestMode = legacy ? "simple" : try node.string("nearest_mode", default: "round_prefer_floor")
        guard ["simple", "round_prefer_floor", "round_prefer_ceil", "floor", "ceil"].contains(nearestMode) else {
            throw RuntimeError.node(node, "unknown nearest_mode '\(nearestMode)'")
        }
        cubicA = Double(try node.float("cubic_coeff_a", default: -0.75))
        excludeOutside = try node.int("exclude_outside", default: 0) != 0
        keepAspect = try node.string("keep_aspect_ratio_policy", default: "stretch")
        guard ["stretch", "not_larger", "not_smaller"].contains(keepAspect) else {
            throw RuntimeError.node(node, "unknown keep_aspect_ratio_policy '\(keepAspect)'")
        }
        antialias = try node.int("antialias", default: 0) != 0
        guard !antialias || mode != .nearest else { throw RuntimeError.node(node, "antialias needs mode linear or cubic") }
        extrapolationValue = Double(try node.float("extrapolation_value", default: 0))
        axesAttr = try node.ints("axes")
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let r = x.rank
        let axes = try Index.axes(axesAttr ?? Array(0..<r), rank: r, node)
        // Scale and output size per resized axis.
        var scales = [Double](repeating: 1, count: r)
        var outShape = x.shape
        let scalesT: Tensor? = legacy ? (legacyScales == nil ? try node.required(inputs, 1) : nil) : node.optional(inputs, 2)
        let sizesT: Tensor? = legacy ? nil : node.optional(inputs, 3)
        if let sizesT, sizesT.count > 0 {
            let sizes = try Index.ints(sizesT, node, "sizes")
            guard sizes.count == axes.count, sizes.allSatisfy({ $0 >= 0 }) else {
                throw RuntimeError.node(node, "sizes \(sizes) must have one non-negative entry per axis (\(axes.count))")
            }
            var ratios = zip(axes, sizes).map { Double($1) / Double(max(x.shape[$0], 1)) }
            if keepAspect != "stretch" {
                let s = keepAspect == "not_larger" ? ratios.min() ?? 1 : ratios.max() ?? 1
                ratios = ratios.map { _ in s }
                for a in axes { outShape[a] = Int((Double(x.shape[a]) * s + 0.5).rounded(.down)) }
            } else {
                for (k, a) in axes.enumerated() { outShape[a] = sizes[k] }
            }
            for (k, a) in axes.enumerated() { scales[a] = ratios[k] }
        } else {
            let given: [Double]
            if let legacyScales { given = legacyScales.map(Double.init) } else {
                guard let scalesT, scalesT.count > 0, scalesT.dataType == .float, let f = scalesT.floats else {
                    throw RuntimeError.node(node, "one of scales (float) or sizes must be given")
                }
                given = f.map(Double.init)
            }
            guard given.count == axes.count, given.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw RuntimeError.node(node, "scales \(given) must have one positive entry per axis (\(axes.count))")
            }
            for (k, a) in axes.enumerated() {
                scales[a] = given[k]
                let size = (Double(x.shape[a]) * given[k]).rounded(.down)
                guard size < Double(Int32.max) else { throw RuntimeError.node(node, "output shape is too large") }
                outShape[a] = Int(size)
            }
        }
        guard Tensor.elementCount(outShape) < Int(Int32.max) else { throw RuntimeError.node(node, "output shape \(outShape) is too large") }
        // tf_crop_and_resize: the (start, end) of the crop per axis, in [0, 1] of the input.
        var roi = [(Double, Double)](repeating: (0, 1), count: r)
        if coordinateMode == "tf_crop_and_resize" {
            guard let rt = node.optional(inputs, 1), let v = rt.asDoubles(), v.count == 2 * axes.count else {
                throw RuntimeError.node(node, "tf_crop_and_resize needs roi with \(2 * axes.count) values")
            }
            for (k, a) in axes.enumerated() { roi[a] = (v[k], v[axes.count + k]) }
        }
        func identity(_ a: Int) -> Bool { outShape[a] == x.shape[a] && scales[a] == 1 && roi[a] == (0, 1) }
        for a in 0..<r where outShape[a] > 0 && x.shape[a] == 0 {
            throw RuntimeError.node(node, "cannot resize an empty axis \(a)")
        }
        if mode == .nearest {
            let sources = (0..<r).map { a in
                identity(a) ? Array(0..<x.shape[a]) : (0..<outShape[a]).map { j in
                    original(j, x.shape[a], outShape[a], scales[a], roi[a]).map { nearest($0, size: x.shape[a], down: scales[a] < 1) } ?? -1
                }
            }
            let fill = try Cast.convert(Tensor(uncheckedType: .double, shape: [1], storage: .double([extrapolationValue])), to: x.dataType)
            return [try x.gathered(Index.product(sources, inputShape: x.shape), shape: outShape, fill: fill)]
        }
        guard x.isFloatLike, var data = x.asDoubles() else {
            throw RuntimeError.node(node, "mode \(mode) needs a float input, got \(x.dataType)")
        }
        var shape = x.shape
        for a in 0..<r where !identity(a) {
            if antialias && outShape[a] > 0 && scales[a] < 1.0 / 4096 {
                throw RuntimeError.node(node, "scale \(scales[a]) is too small for antialias")
            }
            var outside: [Int] = []
            let taps = (0..<outShape[a]).map { j -> [(Int, Double)] in
                guard let v = original(j, x.shape[a], outShape[a], scales[a], roi[a]) else { outside.append(j); return [] }
                return weights(v, size: x.shape[a], scale: scales[a])
            }
            data = Self.resample(data, shape: shape, axis: a, taps: taps)
            if !outside.isEmpty {
                let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *), m = outShape[a]
                for b in 0..<outer { for j in outside { for i in 0..<inner { data[(b * m + j) * inner + i] = extrapolationValue } } }
            }
            shape[a] = outShape[a]
        }
        return [try Cast.convert(Tensor(uncheckedType: .double, shape: outShape, storage: .double(data)), to: x.dataType)]
    }

    /// The input coordinate that output coordinate `j` maps to along an axis; nil outside
    /// the input for tf_crop_and_resize (the output there is `extrapolation_value`).
    func original(_ j: Int, _ inSize: Int, _ outSize: Int, _ scale: Double, _ roi: (Double, Double)) -> Double? {
        let x = Double(j)
        let width = scale * Double(inSize)  // unrounded, as the reference
        switch coordinateMode {
        case "align_corners": return width == 1 ? 0 : x * Double(inSize - 1) / (width - 1)
        case "asymmetric": return x / scale
        case "pytorch_half_pixel": return width == 1 ? -0.5 : (x + 0.5) / scale - 0.5
        case "tf_crop_and_resize":
            let span = roi.1 - roi.0, n1 = Double(inSize - 1)
            let v = (width == 1 ? span * n1 / 2 : x * span * n1 / (width - 1)) + roi.0 * n1
            return v < 0 || v > n1 ? nil : v
        case "half_pixel_symmetric":
            let adjustment = Double(outSize) / (scale * Double(inSize))
            let center = Double(inSize) / 2
            return center * (1 - adjustment) + (x + 0.5) / scale - 0.5
        default: return (x + 0.5) / scale - 0.5
        }
    }

    func nearest(_ v: Double, size: Int, down: Bool) -> Int {
        let f = v.rounded(.down)
        let i: Double
        switch nearestMode {
        case "simple": i = down ? v.rounded(.up) : f
        case "floor": i = f
        case "ceil": i = v.rounded(.up)
        case "round_prefer_ceil": i = v - f >= 0.5 ? f + 1 : f
        default: i = v - f > 0.5 ? f + 1 : f
        }
        return Int(min(max(i, 0), Double(size - 1)))
    }

    /// Linear or cubic taps (input index clamped to the edge, weight) for coordinate `v`.
    /// With `antialias` and scale < 1 the kernel is stretched by 1/scale and normalized.
    func weights(_ v: Double, size: Int, scale: Double) -> [(Int, Double)] {
        let s = antialias ? min(scale, 1) : 1
        let a = cubicA
        func c(_ d: Double) -> Double {
            let d = abs(d)
            if mode == .linear { return max(0, 1 - d) }
            if d <= 1 { return ((a + 2) * d - (a + 3)) * d * d + 1 }
            if d < 2 { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a }
            return 0
        }
        // The window: `n` taps from `start` after the sample's left neighbour (the one below
        // v, or v - 1 when v is an integer, as the reference prefers the left pixel).
        let start = Int(((mode == .linear ? -1 : -2) / s).rounded(.down)) + 1
        let n = 2 - 2 * start
        let f = v.rounded(.down)
        let left = f == v ? f - 1 : f
        let i0 = Int(max(min(left, Double(size + n)), Double(-n - 2)))
        func clamp(_ i: Int) -> Int { min(max(i, 0), size - 1) }
        var taps = (0..<n).map { k -> (Int, Double) in
            let d = left + Double(start + k)
            return (i0 + start + k, c((d - v) * s))
        }
        if antialias {
            let sum = taps.reduce(0) { $0 + $1.1 }
            if sum != 0 { taps = taps.map { ($0.0, $0.1 / sum) } }
        }
        if excludeOutside {
            taps = taps.map { ($0.0 >= 0 && $0.0 < size) ? $0 : ($0.0, 0) }
            let sum = taps.reduce(0) { $0 + $1.1 }
            if sum != 0 { taps = taps.map { ($0.0, $0.1 / sum) } }
        }
        return taps.map { (clamp($0.0), $0.1) }
    }

    /// Resamples one axis: out[.., j, ..] = sum over taps[j] of w * in[.., i, ..].
    static func resample(_ a: [Double], shape: [Int], axis: Int, taps: [[(Int, Double)]]) -> [Double] {
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *), n = shape[axis]
        let m = taps.count
        var out = [Double](repeating: 0, count: outer * m * inner)
        a.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for b in 0..<outer {
                    for j in 0..<m {
                        let dst = (b * m + j) * inner
                        for (src, w) in taps[j] where w != 0 {
                            let s = (b * n + src) * inner
                            for i in 0..<inner { o[dst + i] += w * p[s + i] }
                        }
                    }
                }
            }
        }
        return out
    }
}

extension Resize: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [ValueType(x?.dataType, nil)] }
        let axes = try Index.axes(axesAttr ?? Array(0..<s.count), rank: s.count, node)
        var out = s
        func unknownAxes() -> [ValueType?] {
            for a in axes { out[a] = .unknown }
            return [ValueType(x?.dataType, out)]
        }
        if !legacy, node.hasInput(3) {
            guard let sizesT: Tensor = constants.at(3) else { return unknownAxes() }
            if sizesT.count > 0 {
                let sizes = try Index.ints(sizesT, node, "sizes")
                guard sizes.count == axes.count, sizes.allSatisfy({ $0 >= 0 }) else {
                    throw RuntimeError.node(node, "sizes \(sizes) must have one non-negative entry per axis (\(axes.count))")
                }
                if keepAspect == "stretch" {
                    for (k, a) in axes.enumerated() { out[a] = .fixed(sizes[k]) }
                    return [ValueType(x?.dataType, out)]
                }
                // Not stretched: one common ratio, from the fixed input sizes.
                let dims = axes.compactMap { s[$0].value }
                guard dims.count == axes.count else { return unknownAxes() }
                let ratios = zip(dims, sizes).map { Double($1) / Double(max($0, 1)) }
                let r = keepAspect == "not_larger" ? ratios.min() ?? 1 : ratios.max() ?? 1
                for (a, d) in zip(axes, dims) { out[a] = .fixed(Int((Double(d) * r + 0.5).rounded(.down))) }
                return [ValueType(x?.dataType, out)]
            }
        }
        let given: [Double]
        if let legacyScales {
            given = legacyScales.map(Double.init)
        } else {
            let i = legacy ? 1 : 2
            guard let t: Tensor = constants.at(i) else { return unknownAxes() }
            guard t.count > 0, t.dataType == .float, let f = t.floats else {
                throw RuntimeError.node(node, "one of scales (float) or sizes must be given")
            }
            given = f.map(Double.init)
        }
        guard given.count == axes.count, given.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw RuntimeError.node(node, "scales \(given) must have one positive entry per axis (\(axes.count))")
        }
        for (k, a) in axes.enumerated() {
            if given[k] == 1 { continue }
            guard let d = s[a].value else { out[a] = .unknown; continue }
            let size = (Double(d) * given[k]).rounded(.down)
            guard size < Double(Int32.max) else { throw RuntimeError.node(node, "output shape is too large") }
            out[a] = .fixed(Int(size))
        }
        return [ValueType(x?.dataType, out)]
    }
}
