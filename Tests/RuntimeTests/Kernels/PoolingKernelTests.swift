import CKernels
import Testing
@testable import Runtime

/// PoolKernel against NaivePool on seeded random problems: max (with indices in both
/// storage orders), average (count_include_pad on and off), Lp, ceil_mode, dilations,
/// 1-D/2-D/3-D, plus the global pools.
struct PoolingKernelTests {
    struct Case: CustomStringConvertible, Sendable {
        let planes: Int
        let input, kernel, strides, dilations, pads: [Int]
        let ceil: Bool
        let seed: UInt64
        var description: String { "planes\(planes) in\(input) k\(kernel) s\(strides) d\(dilations) p\(pads) ceil\(ceil)" }
        func geometry() throws -> WindowGeometry {
            try WindowGeometry.forward(input: input, kernel: kernel, strides: strides, dilations: dilations, pads: pads, autoPad: .notSet, ceilMode: ceil)
        }
    }

    static func random(rank: Int, seed: UInt64) -> Case {
        var r = SeededRandom(seed: seed)
        var k: [Int] = [], s: [Int] = [], d: [Int] = [], input: [Int] = [], pb: [Int] = [], pe: [Int] = []
        for _ in 0..<rank {
            let kk = r.int(1...3), dd = r.int(1...2)
            k.append(kk); d.append(dd); s.append(r.int(1...3))
            pb.append(r.int(0...(kk - 1))); pe.append(r.int(0...(kk - 1)))
            input.append(max((kk - 1) * dd + 1, r.int(1...(rank == 3 ? 5 : 9))))
        }
        return Case(planes: r.int(1...3), input: input, kernel: k, strides: s, dilations: d, pads: pb + pe, ceil: r.int(0...1) == 1, seed: seed)
    }

    static let cases: [Case] = (0..<16).map { random(rank: 2, seed: 8000 + UInt64($0)) }
        + (0..<5).map { random(rank: 1, seed: 8100 + UInt64($0)) }
        + (0..<5).map { random(rank: 3, seed: 8200 + UInt64($0)) }

    static let kinds: [PoolKind] = [.max, .average(countIncludePad: false), .average(countIncludePad: true), .lp(p: 2), .lp(p: 3)]

    @Test(arguments: cases) func everyKindMatchesNaive(_ c: Case) throws {
        let g = try c.geometry()
        var r = SeededRandom(seed: c.seed)
        let x: [Float] = r.values(c.planes * g.inputSize)
        for kind in Self.kinds {
            for order in kind == .max ? [0, 1] : [0] {
                let want = NaivePool.pool(x, planes: c.planes, geometry: g, kind: kind, indices: kind == .max, storageOrder: order)
                let got = try PoolKernel.pool(x, planes: c.planes, geometry: g, kind: kind, indices: kind == .max, storageOrder: order)
                #expect(closeness(got.0, want.0, rtol: 1e-5, atol: 1e-6) <= 1, "\(kind): \(c) out \(g.output)")
                #expect(got.1 == want.1, "\(kind) indices, storage_order \(order): \(c)")
            }
        }
    }

    /// MaxPool without indices on 2-D planes takes the C kernel (`pk_maxpool2d`), split by
    /// plane across threads; it must agree with the naive reference exactly.
    @Test(arguments: cases.filter { $0.input.count == 2 } + [Case(planes: 5, input: [17, 15], kernel: [3, 3], strides: [2, 2], dilations: [1, 1], pads: [1, 1, 1, 1], ceil: false, seed: 1),
                          // wider than the kernel's stack row buffer (1024)
                          Case(planes: 2, input: [5, 1100], kernel: [2, 3], strides: [1, 2], dilations: [1, 1], pads: [0, 1, 1, 1], ceil: false, seed: 2)])
    func maxWithoutIndicesMatchesNaive(_ c: Case) throws {
        let g = try c.geometry()
        var r = SeededRandom(seed: c.seed)
        let x: [Float] = r.values(c.planes * g.inputSize)
        let want = NaivePool.pool(x, planes: c.planes, geometry: g, kind: .max, indices: false, storageOrder: 0)
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            let got = try PoolKernel.pool(x, planes: c.planes, geometry: g, kind: .max)
            #expect(got.0 == want.0, "\(threads) threads: \(c) out \(g.output)")
        }
        // The portable loop (CPUs without AVX-512) gives the same (it has no dilation).
        guard g.dilations.allSatisfy({ $0 == 1 }) else { return }
        let g3 = g.padded3()
        var portable = [Float](repeating: 0, count: c.planes * g3.outputSize)
        let status = x.withUnsafeBufferPointer { px in portable.withUnsafeMutableBufferPointer { py in
            pk_maxpool2d_portable(px.baseAddress!, py.baseAddress!, c.planes, g3.input[1], g3.input[2], g3.output[1], g3.output[2],
                                  g3.kernel[1], g3.kernel[2], g3.strides[1], g3.strides[2], g3.padsBegin[1], g3.padsBegin[2])
        } }
        #expect(status == 0)
        #expect(portable == want.0, "portable: \(c)")
    }

    /// A NaN anywhere in a window makes that output NaN, wherever it falls in the window
    /// (torch's max_pool2d does the same); windows without it are unaffected.
    @Test func maxPropagatesNaNFromAnyTap() throws {
        let g = try WindowGeometry.forward(input: [4, 4], kernel: [2, 2], strides: [2, 2], dilations: nil, pads: [0, 0, 0, 0], autoPad: .notSet, ceilMode: false)
        var x = [Float](repeating: 0, count: 16)
        for i in 0..<16 { x[i] = Float(i) }
        x[5] = .nan    // last tap of window (0, 0)
        x[2] = .nan    // first tap of window (0, 1)
        let (y, _) = try PoolKernel.pool(x, planes: 1, geometry: g, kind: .max)
        #expect(y.count == 4)
        #expect(y[0].isNaN && y[1].isNaN)
        #expect(y[2] == 13 && y[3] == 15)
    }

    @Test func ceilModeWindowsCountOnlyRealPadding() throws {
        // 1-D, input 4, kernel 3, stride 2, pads 1/1, ceil: windows at -1, 1, 3 (size 3 each,
        // the last covers 3, 4(pad), 5(beyond pad)): include-pad divisors 3, 3, 2.
        // Windows: (pad, 1, 2) (2, 3, 4) (4, pad, beyond).
        let g = try WindowGeometry.forward(input: [4], kernel: [3], strides: [2], dilations: nil, pads: [1, 1], autoPad: .notSet, ceilMode: true)
        #expect(g.output == [3])
        let (y, _) = try PoolKernel.pool([Float]([1, 2, 3, 4]), planes: 1, geometry: g, kind: .average(countIncludePad: true))
        #expect(y == [1, 3, 2])
        let (z, _) = try PoolKernel.pool([Float]([1, 2, 3, 4]), planes: 1, geometry: g, kind: .average(countIncludePad: false))
        #expect(z == [1.5, 3, 4])
    }

    @Test func globalPools() {
        let x: [Float] = [1, -2, 3, 4, 0, -1]
        #expect(PoolKernel.global(x, planes: 2, planeSize: 3, kind: .max) == [3, 4])
        #expect(PoolKernel.global(x, planes: 2, planeSize: 3, kind: .average(countIncludePad: false)) == [Float(2) / 3, 1])
        let lp = PoolKernel.global(x, planes: 2, planeSize: 3, kind: .lp(p: 2))
        #expect(abs(lp[0] - Float(14).squareRoot()) < 1e-6 && abs(lp[1] - Float(17).squareRoot()) < 1e-6)
    }
}
