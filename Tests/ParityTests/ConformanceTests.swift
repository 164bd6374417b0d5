import Foundation
import OnnxFormat
import Testing
@testable import Parity

@Suite struct ValueComparisonTests {
    let tol = Tolerance(atol: 1e-7, rtol: 1e-3)
    let a = Value.tensor(Tensor(shape: [2], floats: [1, 2]))
    let b = Value.tensor(Tensor(shape: [2], floats: [1, 2.5]))

    @Test func sequencesCompareLengthThenElements() {
        let e = Value.sequence(elementType: .float, [a, a])
        #expect(Compare.value(name: "s", expected: e, actual: e, tolerance: tol).passed)
        let short = Compare.value(name: "s", expected: e, actual: .sequence(elementType: .float, [a]), tolerance: tol)
        #expect(!short.passed && short.failure?.contains("sequence of 1 elements, the reference has 2") == true)
        let wrong = Compare.value(name: "s", expected: e, actual: .sequence(elementType: .float, [a, b]), tolerance: tol)
        #expect(!wrong.passed && wrong.failure?.hasPrefix("s[1]:") == true)
        #expect(wrong.worst?.name == "s[1]" && wrong.worst?.worstPosition == [1])
    }

    @Test func optionalsAndMaps() {
        #expect(Compare.value(name: "o", expected: .optional(nil), actual: .optional(nil), tolerance: tol).passed)
        #expect(!Compare.value(name: "o", expected: .optional(nil), actual: .optional(a), tolerance: tol).passed)
        #expect(!Compare.value(name: "o", expected: .optional(a), actual: .optional(b), tolerance: tol).passed)
        #expect(!Compare.value(name: "o", expected: .optional(a), actual: a, tolerance: tol).passed)
        let m = Value.map(keys: [.string("k")], values: [a])
        #expect(Compare.value(name: "m", expected: m, actual: m, tolerance: tol).passed)
        let other = Compare.value(name: "m", expected: m, actual: .map(keys: [.string("j")], values: [a]), tolerance: tol)
        #expect(other.failure?.contains("map keys") == true)
    }

    @Test func elementTypesMustMatchAndIntegersAreExact() {
        let f = Tensor(shape: [1], floats: [1])
        let d = Tensor(uncheckedType: .double, shape: [1], storage: .double([1]))
        #expect(!Compare.strictTensor(name: "y", expected: f, actual: d, tolerance: tol).passed)
        let big = Tensor(shape: [1], int64s: [1 << 60])
        let bigPlusOne = Tensor(shape: [1], int64s: [(1 << 60) + 1])
        #expect(!Compare.strictTensor(name: "y", expected: big, actual: bigPlusOne, tolerance: tol).passed)
        let nan = Tensor(shape: [1], floats: [.nan])
        #expect(Compare.strictTensor(name: "y", expected: nan, actual: nan, tolerance: tol).passed)
        // 8-bit floats: bit for bit.
        let f8 = Tensor(uncheckedType: .float8e4m3fn, shape: [2], storage: .bits8([0x38, 0x7f]))
        let f8b = Tensor(uncheckedType: .float8e4m3fn, shape: [2], storage: .bits8([0x38, 0x7e]))
        #expect(Compare.strictTensor(name: "y", expected: f8, actual: f8, tolerance: tol).passed)
        let bad = Compare.strictTensor(name: "y", expected: f8, actual: f8b, tolerance: tol)
        #expect(!bad.passed && bad.failure?.contains("differ bit for bit; first at [1]: 0x7e vs reference 0x7f") == true)
    }
}

@Suite struct ConformanceLibraryTests {
    @Test func errorsAreClassifiedAndCharged() {
        let m = "load: unsupported ops: Attention x2, ai.onnx.ml.Foo x1"
        #expect(ConformanceClassifier.status(forError: m) == .unsupported)
        #expect(ConformanceClassifier.missingOps(in: m) == ["Attention", "ai.onnx.ml.Foo"])
        #expect(ConformanceClassifier.status(forError: "node 'a' (Add): element type int16 is not supported") == .unsupported)
        #expect(ConformanceClassifier.status(forError: "node 'a' (Add): shapes [2] and [3] cannot be broadcast") == .error)
        #expect(ConformanceClassifier.nodeOp(in: "node 'l' (Loop): subgraph 'body': node 'x' (Add): boom") == "Add")
        #expect(ConformanceClassifier.namedOp(caseName: "test_reduce_sum_keepdims", ops: ["ReduceSum", "Reshape"]) == "ReduceSum")
        #expect(ConformanceClassifier.blame(caseName: "test_x", ops: ["A", "B"], status: .error,
                                            message: "run: node 'n' (B): bad") == ["B"])
        #expect(ConformanceClassifier.blame(caseName: "test_attention", ops: ["Attention"], status: .unsupported, message: m)
                == ["Attention", "ai.onnx.ml.Foo"])
    }

    @Test func manifestParsesChecksAndUpdates() throws {
        let text = """
        # header: free text (not a case id)
        test_a
        test_b
        simple/test_c

        # test_d: unsupported: no D
        """
        let m = try ConformanceManifest(text: text)
        #expect(m.passing == ["test_a", "test_b", "simple/test_c"])
        #expect(m.leftOut == ["test_d": "unsupported: no D"])
        #expect(throws: ConformanceError.self) { _ = try ConformanceManifest(text: "test a b") }

        func r(_ id: String, _ s: ConformanceResult.Status) -> ConformanceResult {
            ConformanceResult(id: id, suite: ConformanceManifest.suite(of: id), status: s, message: s == .pass ? nil : "why", ops: [], blame: [])
        }
        let run = [r("test_a", .pass), r("test_b", .fail), r("test_d", .pass), r("test_e", .error)]
        let check = m.check(run, suites: [.node], complete: true)
        #expect(check.regressions.map(\.id) == ["test_b"])
        #expect(check.newlyPassing == ["test_d"])
        #expect(check.unlisted == ["test_e"])
        #expect(check.missing.isEmpty)   // simple/test_c is another suite
        #expect(check.failed)

        let updated = m.updated(with: run, completeSuites: [.node])
        #expect(updated.passing == ["simple/test_c", "test_a", "test_d"])
        #expect(updated.leftOut == ["test_b": "fail: why", "test_e": "error: why"])
        let again = try ConformanceManifest(text: updated.render(header: ["generated"]))
        #expect(again == updated)
        // An existing reason is kept.
        let kept = try ConformanceManifest(text: "# test_b: hand-written reason\n").updated(with: run)
        #expect(kept.leftOut["test_b"] == "hand-written reason")
    }

    @Test func reportCountsAndTopOps() {
        let results = [
            ConformanceResult(id: "test_a", suite: .node, status: .pass, message: nil, ops: ["A"], blame: ["A"]),
            ConformanceResult(id: "test_b", suite: .node, status: .unsupported, message: "load: unsupported ops: B x1", ops: ["B"], blame: ["B"]),
            ConformanceResult(id: "test_b2", suite: .node, status: .unsupported, message: "load: unsupported ops: B x1", ops: ["B"], blame: ["B"]),
            ConformanceResult(id: "test_a2", suite: .node, status: .fail, message: "y: off", ops: ["A"], blame: ["A"]),
        ]
        let report = ConformanceReport(results: results, suites: [.node], filter: nil, workers: 2, timeoutSeconds: 20, seconds: 1, manifest: nil)
        #expect(report.counts.pass == 1 && report.counts.unsupported == 2 && report.counts.fail == 1)
        #expect(report.topOps(10).map(\.op) == ["B", "A"])
        #expect(report.topOps(10).first?.reason == "unsupported: op not implemented")
        let text = ConformanceConsoleReporter.render(report)
        #expect(text.contains("node pass rate 25.0% (1 of 4); the 96% target is 4 cases, 3 to go"))
        #expect(ConformanceJUnitReporter.render(report).contains("<skipped message=\"load: unsupported ops: B x1\"/>"))
        #expect(ConformanceMarkdownReporter.render(report).contains("| `B` | 2 | 0 | 0 | 2 | 0 |"))
    }
}
