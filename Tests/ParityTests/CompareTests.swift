import Foundation
import OnnxFormat
import Testing
@testable import Parity

@Suite struct CompareTests {
    let tol = Tolerance(atol: 1e-4, rtol: 1e-3)

    @Test func identicalOutputsPass() {
        let t = Tensor(shape: [2, 3], floats: [1, 2, 3, -4, 5, 6])
        let r = Compare.output(name: "y", expected: t, actual: t, tolerance: tol)
        #expect(r.passed)
        #expect(r.maxAbsError == 0)
        #expect(r.top1Agreement == 1)
        #expect(r.failure == nil)
    }

    @Test func errorsAreMeasuredAndTheWorstElementIsNamed() {
        let e = Tensor(shape: [2, 2], floats: [1, 2, 3, 100])
        // Element [1,0] is off by 0.01 (allowed 1e-4 + 3e-3): the worst excess over tolerance.
        // Element [1,1] is off by 0.05 (allowed 1e-4 + 0.1): inside tolerance.
        let a = Tensor(shape: [2, 2], floats: [1, 2, 3.01, 100.05])
        let r = Compare.output(name: "y", expected: e, actual: a, tolerance: tol)
        #expect(!r.passed)
        #expect(r.mismatches == 1)
        #expect(r.worstPosition == [1, 0])
        #expect(abs(r.maxAbsError - 0.05) < 1e-5)
        #expect(abs(r.maxRelError - 0.01 / 3) < 1e-5)
        #expect(abs(r.meanAbsError - 0.06 / 4) < 1e-5)
        #expect(r.failure?.contains("1 of 4 elements") == true)
        #expect(r.failure?.contains("[1, 0]") == true)
    }

    @Test func relativeErrorHasASafeDenominator() {
        let r = Compare.output(name: "y", expected: Tensor(shape: [1], floats: [0]),
                               actual: Tensor(shape: [1], floats: [1e-5]), tolerance: tol)
        #expect(r.maxRelError.isFinite)
        #expect(abs(r.maxRelError - 10) < 1e-3)  // 1e-5 / 1e-6
        #expect(r.passed)  // within atol
    }

    @Test func shapeAndTypeMismatchesFail() {
        let r = Compare.output(name: "y", expected: Tensor(shape: [2], floats: [1, 2]),
                               actual: Tensor(shape: [1, 2], floats: [1, 2]), tolerance: tol)
        #expect(!r.passed)
        #expect(r.failure?.contains("shape") == true)
        let i = Compare.output(name: "y", expected: Tensor(shape: [2], floats: [1, 2]),
                               actual: Tensor(shape: [2], int64s: [1, 2]), tolerance: tol)
        #expect(!i.passed)
        #expect(i.failure?.contains("element type") == true)
    }

    @Test func integersAreExactAndNaNMatchesNaN() {
        let r = Compare.output(name: "y", expected: Tensor(shape: [2], int64s: [1, 2]),
                               actual: Tensor(shape: [2], int64s: [1, 3]), tolerance: Tolerance(atol: 10, rtol: 10))
        #expect(!r.passed)
        let n = Compare.output(name: "y", expected: Tensor(shape: [2], floats: [.nan, 1]),
                               actual: Tensor(shape: [2], floats: [.nan, 1]), tolerance: tol)
        #expect(n.passed)
        let m = Compare.output(name: "y", expected: Tensor(shape: [2], floats: [.nan, 1]),
                               actual: Tensor(shape: [2], floats: [0, 1]), tolerance: tol)
        #expect(!m.passed)
    }

    @Test func top1AgreementCountsRows() {
        let e = Tensor(shape: [2, 3], floats: [0, 1, 0.5, 3, 2, 1])
        let a = Tensor(shape: [2, 3], floats: [0, 1, 0.5, 1, 2, 3])
        #expect(Compare.output(name: "y", expected: e, actual: a, tolerance: tol).top1Agreement == 0.5)
    }

    @Test(arguments: [
        ([0.0, 0.0, 0.0], "all zeros"),
        ([1e-9, -2e-8, 3e-7], "below 1e-06"),
        ([0.5, 0.5, 0.5], "constant"),
        ([1.0, .infinity, 2.0], "non-finite"),
        ([1.0, .nan, 2.0], "non-finite"),
    ])
    func degenerateReferencesAreNamed(values: [Double], reason: String) {
        let s = ReferenceStats(values)
        #expect(s.degenerate?.contains(reason) == true, "\(values): \(s.degenerate ?? "healthy")")
    }

    @Test func healthyReferenceStats() {
        let s = ReferenceStats([-1, 1, -1, 1])
        #expect(s.degenerate == nil)
        #expect(s.std == 1)
        #expect(s.rms == 1)
        #expect(s.mean == 0)
    }
}
