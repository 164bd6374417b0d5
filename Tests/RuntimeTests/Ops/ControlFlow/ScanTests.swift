import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ScanTests {
    /// Running sum: state += slice; scan output = state.
    func body(_ width: Int) -> Onnx_GraphProto {
        Flow.graph([Graphs.node("Add", ["s", "x"], ["s_out"]), Graphs.node("Identity", ["s_out"], ["y"])],
                   inputs: [Flow.tensor("s", .float, [width]), Flow.tensor("x", .float, [width])],
                   outputs: [Flow.tensor("s_out", .float, [width]), Flow.tensor("y", .float, [width])])
    }

    func scan9(_ attrs: [Onnx_AttributeProto], inShape: [Int], width: Int) throws -> InferenceSession {
        let node = Graphs.node("Scan", ["init", "xs"], ["final", "ys"],
                               [Flow.graphAttr("body", body(width)), intAttr("num_scan_inputs", 1)] + attrs)
        return try Flow.session([node], inputs: [Flow.tensor("init", .float, [width]), Flow.tensor("xs", .float, inShape)],
                                outputs: [Flow.tensor("final"), Flow.tensor("ys")], opset: 11)
    }

    @Test func forward() throws {
        let s = try scan9([], inShape: [3, 2], width: 2)
        let out = try s.runValues(["init": Flow.floats([0, 0]), "xs": Flow.floats([1, 2, 3, 4, 5, 6], [3, 2])])
        #expect(out["final"] == Flow.floats([9, 12]))
        #expect(out["ys"] == Flow.floats([1, 2, 4, 6, 9, 12], [3, 2]))
    }

    @Test func inferredTypes() throws {
        let s = try scan9([intsAttr("scan_input_axes", [-1]), intsAttr("scan_output_axes", [1])], inShape: [2, 3], width: 2)
        #expect(s.inferredTypes["final"] == ValueType(.float, fixed: [2]))
        #expect(s.inferredTypes["ys"] == ValueType(.float, fixed: [2, 3]))
    }

    @Test func reverseInputAndOutput() throws {
        let s = try scan9([intsAttr("scan_input_directions", [1]), intsAttr("scan_output_directions", [1])], inShape: [3, 2], width: 2)
        let out = try s.runValues(["init": Flow.floats([0, 0]), "xs": Flow.floats([1, 2, 3, 4, 5, 6], [3, 2])])
        // Iterations see rows 2, 1, 0: sums [5,6], [8,10], [9,12]; the output is stored reversed.
        #expect(out["ys"] == Flow.floats([9, 12, 8, 10, 5, 6], [3, 2]))
    }

    @Test func inputAndOutputAxes() throws {
        // Scan along axis 1 (negative spelling) of a [2, 3] input; stack outputs along axis 1.
        let s = try scan9([intsAttr("scan_input_axes", [-1]), intsAttr("scan_output_axes", [1])], inShape: [2, 3], width: 2)
        let out = try s.runValues(["init": Flow.floats([0, 0]), "xs": Flow.floats([1, 2, 3, 4, 5, 6], [2, 3])])
        // Columns [1,4], [2,5], [3,6]: sums [1,4], [3,9], [6,15] stacked as columns.
        #expect(out["ys"] == Flow.floats([1, 3, 6, 4, 9, 15], [2, 3]))
        #expect(out["final"] == Flow.floats([6, 15]))
    }

    @Test func opset8BatchWithSequenceLengths() throws {
        let node = Graphs.node("Scan", ["lens", "init", "xs"], ["final", "ys"],
                               [Flow.graphAttr("body", body(1)), intAttr("num_scan_inputs", 1)])
        let s = try Flow.session([node], inputs: [Flow.tensor("lens", .int64, [2]), Flow.tensor("init", .float, [2, 1]),
                                                  Flow.tensor("xs", .float, [2, 3, 1])],
                                 outputs: [Flow.tensor("final"), Flow.tensor("ys")], opset: 8)
        let out = try s.runValues(["lens": .tensor(Tensor(shape: [2], int64s: [3, 2])), "init": Flow.floats([0, 100], [2, 1]),
                                   "xs": Flow.floats([1, 2, 3, 4, 5, 6], [2, 3, 1])])
        #expect(out["final"] == Flow.floats([6, 109], [2, 1]))
        #expect(out["ys"] == Flow.floats([1, 3, 6, 104, 109, 0], [2, 3, 1]))
    }

    @Test func differentScanLengthsAreAnError() throws {
        let b = Flow.graph([Graphs.node("Add", ["a", "b"], ["y"])], inputs: [Flow.tensor("a"), Flow.tensor("b")], outputs: [Flow.tensor("y")])
        let node = Graphs.node("Scan", ["p", "q"], ["ys"], [Flow.graphAttr("body", b), intAttr("num_scan_inputs", 2)])
        let s = try Flow.session([node], inputs: [Flow.tensor("p", .float, [2]), Flow.tensor("q", .float, [3])],
                                 outputs: [Flow.tensor("ys")], opset: 11)
        #expect(throws: RuntimeError.self) { try s.runValues(["p": Flow.floats([1, 2]), "q": Flow.floats([1, 2, 3])]) }
    }

    @Test func missingNumScanInputsIsAnError() {
        let node = Graphs.node("Scan", ["init", "xs"], ["final", "ys"], [Flow.graphAttr("body", body(2))])
        #expect(throws: RuntimeError.self) {
            try Flow.session([node], inputs: [Flow.tensor("init", .float, [2]), Flow.tensor("xs", .float, [3, 2])],
                             outputs: [Flow.tensor("final"), Flow.tensor("ys")], opset: 11)
        }
    }
}
