import Testing
import OnnxFormat
@testable import Runtime

struct MaxPoolTests {
    @Test(arguments: NNFixtures.names("MaxPool")) func matchesOnnxruntime(_ name: String) throws { try NNFixtures.check(name) }

    @Test func float64AndFloat16() throws {
        let x = Tensor(uncheckedType: .double, shape: [1, 1, 2, 2], storage: .double([1, 4, 3, 2]))
        let y = try NNTest.run("MaxPool", opset: 12, [NNTest.attr("kernel_shape", [2, 2])], inputs: [x])[0]
        #expect(y.dataType == .double && y.doubles == [4])
        let h = Cast.fromFloat(NNTest.floats([1, 1, 1, 3], [0.5, -1, 0.25]), to: .float16)
        let z = try NNTest.run("MaxPool", opset: 12, [NNTest.attr("kernel_shape", [2])], inputs: [try h.reshaped([1, 1, 3])])[0]
        #expect(z.dataType == .float16 && Cast.toFloat(z).floats == [0.5, 0.25])
    }

    @Test func int8WindowWhollyInPaddingDoesNotTrap() throws {
        // kernel 1, pads 2: the first two windows see only padding (lowest value, clamped).
        let x = Tensor(uncheckedType: .int8, shape: [1, 1, 2], storage: .int8([5, -3]))
        let y = try NNTest.run("MaxPool", opset: 12, [NNTest.attr("kernel_shape", [1]), NNTest.attr("pads", [2, 0])], inputs: [x])[0]
        #expect(y.storage == .int8([-128, -128, 5, -3]))
        let u = Tensor(uncheckedType: .uint8, shape: [1, 1, 2], storage: .uint8([5, 3]))
        let z = try NNTest.run("MaxPool", opset: 12, [NNTest.attr("kernel_shape", [1]), NNTest.attr("pads", [0, 1])], inputs: [u])[0]
        #expect(z.storage == .uint8([5, 3, 0]))
    }

    @Test func badAttributesThrow() {
        #expect(NNTest.errorMessage { _ = try NNTest.make("MaxPool", opset: 12) }?.contains("kernel_shape") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.make("MaxPool", opset: 12, [NNTest.attr("kernel_shape", [2, 2]), NNTest.attr("storage_order", 2)]) }?.contains("storage_order") == true)
        #expect(NNTest.errorMessage {
            _ = try NNTest.run("MaxPool", opset: 12, [NNTest.attr("kernel_shape", [2, 2, 2])], inputs: [NNTest.floats([1, 1, 2, 2], [1, 2, 3, 4])])
        }?.contains("kernel_shape") == true)
        #expect(NNTest.errorMessage {
            _ = try NNTest.run("MaxPool", opset: 12, [NNTest.attr("kernel_shape", [3, 3])], inputs: [NNTest.floats([1, 1, 2, 2], [1, 2, 3, 4])])
        }?.contains("exceeds") == true)
    }
}
