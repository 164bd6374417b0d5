import Testing
import OnnxFormat
@testable import Runtime

struct ConvTests {
    @Test(arguments: NNFixtures.names("Conv")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func handComputed() throws {
        // 1x1x3x3 input, 2x2 kernel of ones, bias 10: each output sums a 2x2 block.
        let x = NNTest.floats([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = NNTest.floats([1, 1, 2, 2], [1, 1, 1, 1])
        let y = try NNTest.run("Conv", opset: 11, inputs: [x, w, NNTest.floats([1], [10])])[0]
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.floats == [22, 26, 34, 38])
    }

    @Test func badShapesAndAttributesThrowNamingTheNode() throws {
        let x = NNTest.floats([1, 4, 5, 5], .init(repeating: 1, count: 100))
        let w = NNTest.floats([2, 4, 3, 3], .init(repeating: 1, count: 72))
        let cases: [(String, () throws -> Void)] = [
            ("group", { _ = try NNTest.run("Conv", opset: 11, [NNTest.attr("group", 3)], inputs: [x, w]) }),
            ("kernel_shape", { _ = try NNTest.run("Conv", opset: 11, [NNTest.attr("kernel_shape", [2, 2])], inputs: [x, w]) }),
            ("auto_pad", { _ = try NNTest.run("Conv", opset: 11, [NNTest.attr("auto_pad", "SAME")], inputs: [x, w]) }),
            ("pads", { _ = try NNTest.run("Conv", opset: 11, [NNTest.attr("pads", [1, 1])], inputs: [x, w]) }),
            ("strides", { _ = try NNTest.run("Conv", opset: 11, [NNTest.attr("strides", [0, 1])], inputs: [x, w]) }),
            ("B shape", { _ = try NNTest.run("Conv", opset: 11, inputs: [x, w, NNTest.floats([3], [1, 2, 3])]) }),
            ("exceeds", { _ = try NNTest.run("Conv", opset: 11, inputs: [NNTest.floats([1, 4, 2, 2], .init(repeating: 1, count: 16)), w]) }),
            ("spatial dimensions", { _ = try NNTest.run("Conv", opset: 11, inputs: [NNTest.floats([4, 5], .init(repeating: 1, count: 20)), w]) }),
            ("must be in 1", { _ = try NNTest.run("Conv", opset: 11, [NNTest.attr("group", Int.max / 2)], inputs: [x, w]) }),
            ("missing required input 1", { _ = try NNTest.run("Conv", opset: 11, inputs: [x]) }),
            ("int64", { _ = try NNTest.run("Conv", opset: 11, inputs: [Tensor(shape: [1, 1, 1, 1], int64s: [1]), w]) }),
        ]
        for (needle, body) in cases {
            let msg = try #require(NNTest.errorMessage(body), "expected an error mentioning \(needle)")
            #expect(msg.contains("test_Conv") && msg.contains(needle), "\(msg)")
        }
    }
}
