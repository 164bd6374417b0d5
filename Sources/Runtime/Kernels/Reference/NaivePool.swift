import Foundation
import OnnxFormat

/// Naive N-D pooling straight from the definitions: for every output position, every
/// kernel tap, a coordinate and a bounds check. The test oracle for `PoolKernel.pool` and
/// its path for more than 3 spatial dimensions. Accumulates in Double.
enum NaivePool {
    static func pool<T: BinaryFloatingPoint>(_ x: [T], planes: Int, geometry g: WindowGeometry, kind: PoolKind,
                                             indices wantIndices: Bool, storageOrder: Int) -> ([T], [Int64]?) {
        let outIdx = NaiveConv.indices(g.output), kIdx = NaiveConv.indices(g.kernel)
        var y = [T](repeating: 0, count: planes * g.outputSize)
        var ind = [Int64](repeating: -1, count: wantIndices ? planes * g.outputSize : 0)
        for plane in 0..<planes {
            for (oi, o) in outIdx.enumerated() {
                var best = -Double.greatestFiniteMagnitude, bestPos: [Int]? = nil
                var sum = 0.0, inside = 0, insidePadded = 0
                for k in kIdx {
                    var pos = [Int](repeating: 0, count: g.rank)
                    var ok = true, okPadded = true
                    for d in 0..<g.rank {
                        pos[d] = o[d] * g.strides[d] - g.padsBegin[d] + k[d] * g.dilations[d]
                        if pos[d] < 0 || pos[d] >= g.input[d] { ok = false }
                        if pos[d] < -g.padsBegin[d] || pos[d] >= g.input[d] + g.padsEnd[d] { okPadded = false }
                    }
                    if okPadded { insidePadded += 1 }
                    if !ok { continue }
                    inside += 1
                    let v = Double(x[plane * g.inputSize + NaiveConv.flat(pos, g.input)])
                    switch kind {
                    case .max: if bestPos == nil || v > best { best = v; bestPos = pos }
                    case .average: sum += v
                    case .lp(let p): sum += pow(abs(v), p)
                    }
                }
                let at = plane * g.outputSize + oi
                switch kind {
                case .max:
                    y[at] = T(best)
                    if wantIndices, let pos = bestPos {
                        if storageOrder == 0 {
                            ind[at] = Int64(plane * g.inputSize + NaiveConv.flat(pos, g.input))
                        } else {
                            var f = 0, scale = 1
                            for d in 0..<g.rank { f += pos[d] * scale; scale *= g.input[d] }
                            ind[at] = Int64(plane * g.inputSize + f)
                        }
                    }
                case .average(let include):
                    let n = include ? insidePadded : inside
                    y[at] = n > 0 ? T(sum / Double(n)) : 0
                case .lp(let p):
                    y[at] = T(pow(sum, 1 / p))
                }
            }
        }
        return (y, wantIndices ? ind : nil)
    }
}
