import Testing
@testable import Runtime

/// ConvTransposeKernel (GEMM + col2im) against NaiveConv.transposed on seeded random
/// problems, including output_padding, output_shape (negative pads) and groups.
struct ConvTransposeKernelTests {
    struct Case: CustomStringConvertible, Sendable {
        let n, c, m, group: Int
        let input, kernel, strides, dilations, pads, outputPadding: [Int]
        let outputShape: [Int]?
        let autoPad: String
        let seed: UInt64
        var description: String { "n\(n) c\(c) m\(m) g\(group) in\(input) k\(kernel) s\(strides) d\(dilations) p\(pads) op\(outputPadding) os\(outputShape ?? []) \(autoPad)" }
        func geometry() throws -> WindowGeometry {
            try WindowGeometry.transposed(input: input, kernel: kernel, strides: strides, dilations: dilations,
                                          pads: autoPad == "NOTSET" ? pads : nil, autoPad: AutoPad(rawValue: autoPad) ?? .notSet,
                                          outputPadding: outputPadding, outputShape: outputShape)
        }
    }

    static func random(rank: Int, seed: UInt64) -> Case {
        var r = SeededRandom(seed: seed)
        let group = r.int(1...2), cg = r.int(1...3), mg = r.int(1...3)
        var k: [Int] = [], s: [Int] = [], d: [Int] = [], input: [Int] = [], pb: [Int] = [], pe: [Int] = [], op: [Int] = []
        for _ in 0..<rank {
            k.append(r.int(1...3)); s.append(r.int(1...3)); d.append(r.int(1...2))
            input.append(r.int(1...(rank == 3 ? 3 : 5)))
            pb.append(r.int(0...1)); pe.append(r.int(0...1)); op.append(r.int(0...(s.last! - 1)))
        }
        let mode = r.int(0...3)
        var natural: [Int] = []
        for i in 0..<rank {
            let span: Int = (k[i] - 1) * d[i] + 1
            natural.append(s[i] * (input[i] - 1) + op[i] + span)
        }
        var outShape: [Int]? = nil
        if mode == 1 { outShape = natural.map { (v: Int) -> Int in max(0, v + r.int(-1...2)) } }
        let autoPad = mode == 2 ? "SAME_UPPER" : mode == 3 ? "SAME_LOWER" : "NOTSET"
        return Case(n: r.int(1...2), c: cg * group, m: mg * group, group: group, input: input, kernel: k, strides: s,
                    dilations: d, pads: mode == 1 ? [Int](repeating: 0, count: 2 * rank) : pb + pe, outputPadding: op,
                    outputShape: outShape, autoPad: autoPad, seed: seed)
    }

    static let cases: [Case] = (0..<14).map { random(rank: 2, seed: 7000 + UInt64($0)) }
        + (0..<5).map { random(rank: 1, seed: 7100 + UInt64($0)) }
        + (0..<4).map { random(rank: 3, seed: 7200 + UInt64($0)) }

    @Test(arguments: cases) func matchesNaive(_ c: Case) throws {
        let g = try c.geometry()
        var r = SeededRandom(seed: c.seed &* 17)
        let x: [Float] = r.values(c.n * c.c * g.inputSize)
        let w: [Float] = r.values(c.c * (c.m / c.group) * g.kernelSize)
        let b: [Float] = r.values(c.m)
        let want = NaiveConv.transposed(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        let got = try ConvTransposeKernel.forward(x: x, w: w, bias: b, batch: c.n, inChannels: c.c, outChannels: c.m, group: c.group, geometry: g)
        #expect(got.count == c.n * c.m * g.outputSize)
        #expect(closeness(got, want, rtol: 1e-4, atol: 1e-5) <= 1, "\(c) -> out \(g.output) pads \(g.padsBegin)")
    }
}
