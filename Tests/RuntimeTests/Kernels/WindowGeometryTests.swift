import Testing
@testable import Runtime

/// Output sizes and pads worked out by hand from the ONNX formulas.
struct WindowGeometryTests {
    @Test func explicitPadsFloor() throws {
        let g = try WindowGeometry.forward(input: [7, 6], kernel: [3, 2], strides: [2, 1], dilations: [1, 2], pads: [1, 0, 2, 1], autoPad: .notSet)
        // (7 + 3 - 3) / 2 + 1 = 4; (6 + 1 - 3) / 1 + 1 = 5
        #expect(g.output == [4, 5])
        #expect(g.padsBegin == [1, 0] && g.padsEnd == [2, 1])
    }

    @Test func sameUpperAndLower() throws {
        let u = try WindowGeometry.forward(input: [5], kernel: [4], strides: [1], dilations: nil, pads: nil, autoPad: .sameUpper)
        #expect(u.output == [5] && u.padsBegin == [1] && u.padsEnd == [2])
        let l = try WindowGeometry.forward(input: [5], kernel: [4], strides: [1], dilations: nil, pads: nil, autoPad: .sameLower)
        #expect(l.output == [5] && l.padsBegin == [2] && l.padsEnd == [1])
        let s = try WindowGeometry.forward(input: [6], kernel: [3], strides: [2], dilations: nil, pads: nil, autoPad: .sameUpper)
        #expect(s.output == [3] && s.padsBegin == [0] && s.padsEnd == [1])
    }

    @Test func ceilModeDropsWindowStartingInEndPadding() throws {
        // (6 + 2 - 3) / 2 = 2.5 -> ceil 3, +1 = 4; the 4th window starts at 6 - 1 = 5 < 6 + 1: kept.
        let a = try WindowGeometry.forward(input: [6], kernel: [3], strides: [2], dilations: nil, pads: [1, 1], autoPad: .notSet, ceilMode: true)
        #expect(a.output == [4])
        // input 5, k 2, s 2, pads 0/1: span 4 -> 3 windows, the 3rd starts at 4 (inside); input 4, pad end 1: span 3 -> ceil 2 + 1 = 3, 3rd starts at 4 >= 4: dropped.
        let b = try WindowGeometry.forward(input: [4], kernel: [2], strides: [2], dilations: nil, pads: [0, 1], autoPad: .notSet, ceilMode: true)
        #expect(b.output == [2])
    }

    @Test func transposedSizes() throws {
        let g = try WindowGeometry.transposed(input: [3, 4], kernel: [3, 3], strides: [2, 2], dilations: nil, pads: [1, 0, 1, 1],
                                              autoPad: .notSet, outputPadding: [1, 1], outputShape: nil)
        // 2 * 2 + 1 + 3 - 2 = 6; 2 * 3 + 1 + 3 - 1 = 9
        #expect(g.output == [6, 9])
        let s = try WindowGeometry.transposed(input: [3], kernel: [3], strides: [3], dilations: nil, pads: nil,
                                              autoPad: .notSet, outputPadding: nil, outputShape: [1, 1, 10])
        #expect(s.output == [10] && s.padsBegin == [0])
    }

    @Test func invalidGeometryThrows() {
        #expect(throws: RuntimeError.self) { try WindowGeometry.forward(input: [2], kernel: [3], strides: nil, dilations: nil, pads: nil, autoPad: .valid) }
        #expect(throws: RuntimeError.self) { try WindowGeometry.forward(input: [5], kernel: [3], strides: [0], dilations: nil, pads: nil, autoPad: .notSet) }
        #expect(throws: RuntimeError.self) { try WindowGeometry.forward(input: [5], kernel: [3], strides: nil, dilations: nil, pads: [1], autoPad: .notSet) }
        #expect(throws: RuntimeError.self) { try WindowGeometry.forward(input: [5, 5], kernel: [3], strides: nil, dilations: nil, pads: nil, autoPad: .notSet) }
    }
}

extension WindowGeometryTests {
    @Test func absurdAttributesThrowInsteadOfOverflowing() {
        let huge = Int.max / 2
        #expect(throws: RuntimeError.self) { try WindowGeometry.forward(input: [5], kernel: [3], strides: nil, dilations: [huge], pads: nil, autoPad: .notSet) }
        #expect(throws: RuntimeError.self) { try WindowGeometry.forward(input: [5], kernel: [3], strides: nil, dilations: nil, pads: [huge, 0], autoPad: .notSet) }
        #expect(throws: RuntimeError.self) { try WindowGeometry.transposed(input: [5], kernel: [3], strides: [huge], dilations: nil, pads: nil, autoPad: .notSet, outputPadding: nil, outputShape: nil) }
        #expect(throws: RuntimeError.self) { try WindowGeometry.transposed(input: [5], kernel: [3], strides: nil, dilations: nil, pads: nil, autoPad: .notSet, outputPadding: [huge], outputShape: nil) }
    }
}
