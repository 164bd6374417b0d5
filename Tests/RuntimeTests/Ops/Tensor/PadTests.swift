import OnnxFormat
import Testing
@testable import Runtime

@Suite struct PadTests {
    @Test(arguments: OpFixtures.cases("Tensor/Pad"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    /// Negative pads crop (onnx.reference cannot compute this; hand-computed).
    @Test func negativePadsCrop() throws {
        let x = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        let y = try runNode("Pad", opset: 13, [x, Tensor(shape: [4], int64s: [0, -1, 1, 1])])
        #expect(y[0].shape == [3, 3])
        #expect(y[0].floats == [2, 3, 0, 5, 6, 0, 0, 0, 0])
    }

    @Test func wrongPadsLengthThrows() {
        let x = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        #expect(throws: RuntimeError.self) { try runNode("Pad", opset: 13, [x, Tensor(shape: [2], int64s: [1, 1])]) }
    }

    @Test func reflectOnEmptyAxisThrows() {
        let x = Tensor(shape: [0, 2], floats: [])
        #expect(throws: RuntimeError.self) {
            try runNode("Pad", opset: 13, [x, Tensor(shape: [4], int64s: [1, 0, 1, 0])], attributes: [stringAttr("mode", "reflect")])
        }
    }
}
