import OnnxFormat
import Testing
@testable import Runtime

/// Add/Sub/Mul/Div over every integer width: one generic path, numpy's wrap-around.
@Suite struct ElementwiseArithmeticTests {
    static func run(_ op: String, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        try NNTest.run(op, opset: 14, inputs: [a, b])[0]
    }

    @Test func smallIntegersWrapAround() throws {
        let a = Tensor(uncheckedType: .int8, shape: [2], storage: .int8([127, -128]))
        let one = Tensor(uncheckedType: .int8, shape: [], storage: .int8([1]))
        #expect(try Self.run("Add", a, one).storage == .int8([-128, -127]))
        #expect(try Self.run("Sub", a, one).storage == .int8([126, 127]))
        let u = Tensor(uncheckedType: .uint16, shape: [2], storage: .uint16([0, 300]))
        let v = Tensor(uncheckedType: .uint16, shape: [2], storage: .uint16([1, 300]))
        #expect(try Self.run("Sub", u, v).storage == .uint16([65535, 0]))
        #expect(try Self.run("Mul", u, v).storage == .uint16([0, 24464]))   // 90000 mod 65536
        let big = Tensor(uncheckedType: .uint64, shape: [1], storage: .uint64([UInt64.max]))
        #expect(try Self.run("Add", big, big).storage == .uint64([UInt64.max - 1]))
    }

    @Test func integerDivisionTruncatesAndRejectsZero() throws {
        let a = Tensor(uncheckedType: .int8, shape: [3], storage: .int8([-7, 7, -128]))
        let b = Tensor(uncheckedType: .int8, shape: [3], storage: .int8([2, -2, -1]))
        #expect(try Self.run("Div", a, b).storage == .int8([-3, -3, -128]))
        let u = Tensor(uncheckedType: .uint32, shape: [2], storage: .uint32([9, 1]))
        let z = Tensor(uncheckedType: .uint32, shape: [2], storage: .uint32([2, 0]))
        #expect(NNTest.errorMessage { _ = try Self.run("Div", u, z) }?.contains("division by zero") == true)
    }

    @Test func mixedTypesAreAnError() {
        let a = Tensor(uncheckedType: .int8, shape: [1], storage: .int8([1]))
        let b = Tensor(uncheckedType: .uint8, shape: [1], storage: .uint8([1]))
        #expect(NNTest.errorMessage { _ = try Self.run("Add", a, b) }?.contains("differ") == true)
    }
}

/// float32 Mul/Add, unary ops and ReduceMean split across two threads for large tensors:
/// every element equals a naive loop's (per channel, same-shape, a few broadcast rows,
/// a row broadcast down columns), and the same bits as on one thread.
@Suite(.serialized) struct ParallelElementwiseTests {
    static func floats(_ t: Tensor) -> [Float] { if case .float(let v) = t.storage { return v }; return [] }

    @Test(arguments: [
        ([2, 40, 30, 31], [1, 40, 1, 1]),   // SE-block scale: many runs of 930
        ([3, 50000], [3, 50000]),           // same shapes: few long runs, split inside
        ([2, 70000], [1, 70000]),           // a row broadcast over two rows
        ([600, 200], [600, 1]),             // a column broadcast along rows
    ])
    func binaryMatchesNaive(_ shapes: ([Int], [Int])) throws {
        let (sa, sb) = shapes
        var r = SeededRandom(seed: 7)
        let a: [Float] = r.values(Tensor.elementCount(sa)), b: [Float] = r.values(Tensor.elementCount(sb))
        let ta = Tensor(shape: sa, floats: a), tb = Tensor(shape: sb, floats: b)
        var results: [[Float]] = []
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            results.append(Self.floats(try NNTest.run("Mul", opset: 14, inputs: [ta, tb])[0]))
        }
        // Naive broadcasting: b's index from a's by clamping broadcast dimensions to 0.
        let strides = (0..<sb.count).map { d in sb[(d + 1)...].reduce(1, *) }
        let aStrides = (0..<sa.count).map { d in sa[(d + 1)...].reduce(1, *) }
        var want = [Float](repeating: 0, count: a.count)
        for i in 0..<a.count {
            var j = 0
            for d in 0..<sa.count where sb[d] != 1 { j += (i / aStrides[d] % sa[d]) * strides[d] }
            want[i] = a[i] * b[j]
        }
        #expect(results[0] == want)
        #expect(results[1] == want)
    }

    @Test func unaryAndReduceMeanMatchOneThread() throws {
        var r = SeededRandom(seed: 8)
        let x = Tensor(shape: [2, 48, 40, 41], floats: r.values(2 * 48 * 40 * 41))
        var sig: [[Float]] = [], mean: [[Float]] = []
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            sig.append(Self.floats(try NNTest.run("Sigmoid", opset: 13, inputs: [x])[0]))
            mean.append(Self.floats(try NNTest.run("ReduceMean", opset: 13, [NNTest.attr("axes", [2, 3])], inputs: [x])[0]))
        }
        #expect(sig[0] == sig[1])
        #expect(mean[0] == mean[1])
        // The mean against a naive double-precision sum.
        let xv = Self.floats(x), m = 40 * 41
        for row in 0..<(2 * 48) {
            let want = xv[(row * m)..<((row + 1) * m)].reduce(0.0) { $0 + Double($1) } / Double(m)
            #expect(abs(Double(mean[1][row]) - want) <= 1e-6, "row \(row)")
        }
    }
}
