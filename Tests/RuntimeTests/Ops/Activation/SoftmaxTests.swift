import Foundation
import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SoftmaxTests {
    @Test(arguments: OpFixtures.cases("Activation/Softmax"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func axisOutOfRangeThrows() {
        let x = Tensor(shape: [2], floats: [1, 2])
        #expect(throws: RuntimeError.self) { try runNode("Softmax", opset: 13, [x], attributes: [intAttr("axis", 1)]) }
    }

    @Test func integerInputThrows() {
        #expect(throws: RuntimeError.self) { try runNode("Softmax", opset: 13, [Tensor(shape: [2], int64s: [1, 2])]) }
    }

    /// The vector kernel against a naive double softmax, for row lengths around the 16-lane
    /// blocks and vit_b_16's 197; a NaN or an infinity in a row makes the row NaN (exp(x -
    /// max) is NaN there), as numpy's formula does.
    @Test func rowsMatchNaiveSoftmax() throws {
        var g = SplitMix64(seed: 7)
        for n in [1, 2, 15, 16, 17, 31, 33, 197, 1000] {
            let rows = 3
            let x = (0..<rows * n).map { _ in Float(g.uniform() * 20 - 10) }
            let y = try #require(try runNode("Softmax", opset: 13, [Tensor(shape: [rows, n], floats: x)])[0].floats)
            for r in 0..<rows {
                let row = x[r * n ..< (r + 1) * n].map(Double.init)
                let m = row.max() ?? 0
                let e = row.map { Foundation.exp($0 - m) }
                let s = e.reduce(0, +)
                for i in 0..<n {
                    #expect(abs(Double(y[r * n + i]) - e[i] / s) <= 1e-6 * max(1, e[i] / s), "n \(n) row \(r) [\(i)]")
                }
            }
        }
        for bad in [Float.nan, .infinity] {
            for at in [0, 5, 20] {
                var x = (0..<40).map { Float($0) * 0.1 }
                x[at] = bad
                let y = try #require(try runNode("Softmax", opset: 13, [Tensor(shape: [1, 40], floats: x)])[0].floats)
                let allNaN = y.allSatisfy { $0.isNaN }
                #expect(allNaN, "\(bad) at \(at): \(y.prefix(4))")
            }
        }
    }
}
