import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ResizeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Resize"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func missingScalesAndSizesThrows() {
        let x = Tensor(shape: [1, 1, 2, 2], floats: [1, 2, 3, 4])
        #expect(throws: RuntimeError.self) { try runNode("Resize", opset: 13, [x]) }
    }

    /// Hand-computed: 2x nearest upsampling of [[1, 2]] with asymmetric/floor.
    @Test func nearestUpsample() throws {
        let x = Tensor(shape: [1, 1, 1, 2], floats: [1, 2])
        let y = try runNode("Resize", opset: 13, [x, nil, Tensor(shape: [4], floats: [1, 1, 2, 2])],
                            attributes: [stringAttr("coordinate_transformation_mode", "asymmetric"), stringAttr("nearest_mode", "floor")])
        #expect(y[0].shape == [1, 1, 2, 4])
        #expect(y[0].floats == [1, 1, 2, 2, 1, 1, 2, 2])
    }
}
