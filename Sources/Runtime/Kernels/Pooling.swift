import CKernels
import Foundation
import OnnxFormat

/// What a pooling window computes.
enum PoolKind: Sendable, Equatable {
    /// Largest element; padding never wins.
    case max
    /// Mean over the window; with `countIncludePad` the divisor counts taps in the padding
    /// (but not taps beyond it, which ceil_mode can create), otherwise only taps in the input.
    case average(countIncludePad: Bool)
    /// (sum |x|^p)^(1/p); padding counts as zero.
    case lp(p: Double)
}

/// Pooling over X [N*C planes, spatial...] (MaxPool, AveragePool, LpPool). Up to 3 spatial
/// dimensions run through one 3-D loop nest that precomputes, per output coordinate, the
/// range of taps inside the input, so the inner loops carry no bounds checks; more
/// dimensions use the naive reference `NaivePool.pool`, which is also the test oracle.
enum PoolKernel {
    /// Pools `planes` planes. With `indices`, also returns for MaxPool the flat index of
    /// each maximum into the whole input tensor: row-major (storage_order 0) or with the
    /// spatial part column-major (storage_order 1), as onnxruntime does.
    static func pool<T: BinaryFloatingPoint>(_ x: [T], planes: Int, geometry g: WindowGeometry, kind: PoolKind,
                                             indices wantIndices: Bool = false, storageOrder: Int = 0) throws -> ([T], [Int64]?) {
        guard x.count == planes * g.inputSize else { throw RuntimeError("pooling input does not match its shape") }
        if g.rank > 3 {
            return NaivePool.pool(x, planes: planes, geometry: g, kind: kind, indices: wantIndices, storageOrder: storageOrder)
        }
        let g3 = g.padded3()
        if kind == .max, !wantIndices, T.self == Float.self, g3.input[0] == 1, g3.kernel[0] == 1, g3.padsBegin[0] == 0,
           g3.dilations.allSatisfy({ $0 == 1 }), let y = maxPool2D(x, planes: planes, g: g3) {
            return (y, nil)
        }
        let (D, H, W) = (g3.input[0], g3.input[1], g3.input[2])
        let (OD, OH, OW) = (g3.output[0], g3.output[1], g3.output[2])
        let inSize = D * H * W, outSize = OD * OH * OW
        // Per dimension and output coordinate: first valid tap, end of valid taps, and the
        // number of taps inside input + padding (for count_include_pad).
        func ranges(_ d: Int) -> (lo: [Int], hi: [Int], padded: [Int]) {
            let n = g3.output[d]
            var lo = [Int](repeating: 0, count: n), hi = lo, padded = lo
            for o in 0..<n {
                let start = o * g3.strides[d] - g3.padsBegin[d]
                (lo[o], hi[o]) = WindowGeometry.validTaps(start: start, k: g3.kernel[d], dilation: g3.dilations[d], size: g3.input[d])
                // Taps whose coordinate is below input + padEnd.
                let (_, phi) = WindowGeometry.validTaps(start: start + g3.padsBegin[d], k: g3.kernel[d], dilation: g3.dilations[d],
                                                        size: g3.input[d] + g3.padsBegin[d] + g3.padsEnd[d])
                padded[o] = phi
            }
            return (lo, hi, padded)
        }
        let rd = ranges(0), rh = ranges(1), rw = ranges(2)
        let (sd, sh, sw) = (g3.strides[0], g3.strides[1], g3.strides[2])
        let (dd, dh, dw) = (g3.dilations[0], g3.dilations[1], g3.dilations[2])
        let (pd, ph, pw) = (g3.padsBegin[0], g3.padsBegin[1], g3.padsBegin[2])
        var y = [T](repeating: 0, count: planes * outSize)
        var idx = wantIndices ? [Int64](repeating: 0, count: planes * outSize) : []
        let p = { if case .lp(let p) = kind { return p } else { return 2.0 } }()
        x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in idx.withUnsafeMutableBufferPointer { pi in
            for plane in 0..<planes {
                let src = plane * inSize
                var o = plane * outSize
                for od in 0..<OD {
                    let id0 = od * sd - pd
                    for oh in 0..<OH {
                        let ih0 = oh * sh - ph
                        for ow in 0..<OW {
                            let iw0 = ow * sw - pw
                            switch kind {
                            case .max:
                                var best = -T.greatestFiniteMagnitude
                                var bestAt = -1
                                for kd in rd.lo[od]..<rd.hi[od] {
                                    let id = id0 + kd * dd
                                    for kh in rh.lo[oh]..<rh.hi[oh] {
                                        let ih = ih0 + kh * dh
                                        let rowBase = (id * H + ih) * W
                                        for kw in rw.lo[ow]..<rw.hi[ow] {
                                            let at = rowBase + iw0 + kw * dw
                                            let v = px[src + at]
                                            if v > best || bestAt < 0 { best = v; bestAt = at }
                                        }
                                    }
                                }
                                py[o] = best
                                if wantIndices {
                                    if bestAt < 0 { pi[o] = -1 } else if storageOrder == 0 {
                                        pi[o] = Int64(src + bestAt)
                                    } else {
                                        let w = bestAt % W, h = (bestAt / W) % H, d = bestAt / (W * H)
                                        pi[o] = Int64(src + d + h * D + w * D * H)
                                    }
                                }
                            case .average(let include):
                                var sum: T = 0
                                for kd in rd.lo[od]..<rd.hi[od] {
                                    let id = id0 + kd * dd
                                    for kh in rh.lo[oh]..<rh.hi[oh] {
                                        let rowBase = src + (id * H + ih0 + kh * dh) * W + iw0
                                        for kw in rw.lo[ow]..<rw.hi[ow] { sum += px[rowBase + kw * dw] }
                                    }
                                }
                                let count = include
                                    ? rd.padded[od] * rh.padded[oh] * rw.padded[ow]
                                    : (rd.hi[od] - rd.lo[od]) * (rh.hi[oh] - rh.lo[oh]) * (rw.hi[ow] - rw.lo[ow])
                                py[o] = count > 0 ? sum / T(count) : 0
                            case .lp:
                                var sum: T = 0
                                for kd in rd.lo[od]..<rd.hi[od] {
                                    let id = id0 + kd * dd
                                    for kh in rh.lo[oh]..<rh.hi[oh] {
                                        let rowBase = src + (id * H + ih0 + kh * dh) * W + iw0
                                        for kw in rw.lo[ow]..<rw.hi[ow] {
                                            let v = px[rowBase + kw * dw]
                                            if p == 2 { sum += v * v } else if p == 1 { sum += abs(v) } else { sum += T(pow(Double(abs(v)), p)) }
                                        }
                                    }
                                }
                                py[o] = p == 2 ? sum.squareRoot() : p == 1 ? sum : T(pow(Double(sum), 1 / p))
                            }
                            o += 1
                        }
                    }
                }
            }
        } } }
        return (y, wantIndices ? idx : nil)
    }

    /// MaxPool over 2-D float32 planes without dilation (C kernel `pk_maxpool2d`), planes
    /// split across `ComputeThreads`. Callers check that T is Float.
    static func maxPool2D<T: BinaryFloatingPoint>(_ x: [T], planes: Int, g: WindowGeometry) -> [T]? {
        let (H, W) = (g.input[1], g.input[2])
        let (OH, OW) = (g.output[1], g.output[2])
        let inSize = H * W, outSize = OH * OW
        var done = false
        let y = [T](unsafeUninitializedCapacity: planes * outSize) { out, initialized in
            initialized = planes * outSize
            done = FloatBuffers.with(x) { xr in
                guard let xs = xr.map(UncheckedSendable.init), let ys = FloatBuffers.mutable(out).map(UncheckedSendable.init) else { return false }
                let threads = planes * outSize * g.kernelSize < 1 << 17 ? 1 : ComputeThreads.current
                return ComputeThreads.parallelRangesSucceed(planes, parts: threads) { r in
                    pk_maxpool2d(xs.value + r.lowerBound * inSize, ys.value + r.lowerBound * outSize, r.count, H, W, OH, OW,
                                 g.kernel[1], g.kernel[2], g.strides[1], g.strides[2], g.padsBegin[1], g.padsBegin[2])
                }
            }
        }
        // Out of memory for a row buffer (inputs over 1024 wide): the generic loop needs none.
        return done ? y : nil
    }

    /// Pooling over whole planes (GlobalAveragePool, GlobalMaxPool, GlobalLpPool).
    static func global<T: BinaryFloatingPoint>(_ x: [T], planes: Int, planeSize: Int, kind: PoolKind) -> [T] {
        var y = [T](repeating: 0, count: planes)
        x.withUnsafeBufferPointer { px in
            for plane in 0..<planes {
                let base = plane * planeSize
                switch kind {
                case .max:
                    var best = -T.infinity
                    for i in 0..<planeSize { let v = px[base + i]; if v > best { best = v } }
                    y[plane] = planeSize == 0 ? 0 : best
                case .average:
                    var sum: T = 0
                    for i in 0..<planeSize { sum += px[base + i] }
                    y[plane] = planeSize == 0 ? 0 : sum / T(planeSize)
                case .lp(let p):
                    var sum = 0.0
                    for i in 0..<planeSize { sum += pow(Double(abs(px[base + i])), p) }
                    y[plane] = T(pow(sum, 1 / p))
                }
            }
        }
        return y
    }
}
