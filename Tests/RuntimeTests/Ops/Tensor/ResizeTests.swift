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

    /// Expected values from onnx's reference evaluator (onnx 1.23.2).
    @Test func referenceEdgeCases() throws {
        let x = Tensor(shape: [1, 1, 1, 4], floats: [0, 1, 4, 9])
        func close(_ t: Tensor, _ want: [Float]) -> Bool {
            guard let f = t.floats, f.count == want.count else { return false }
            return zip(f, want).allSatisfy { abs($0 - $1) < 1e-5 }
        }
        // pytorch_half_pixel to an output width of exactly 1 samples at -0.5.
        let cubic = try runNode("Resize", opset: 19, [x, nil, Tensor(shape: [4], floats: [1, 1, 1, 0.25])],
                                attributes: [stringAttr("mode", "cubic"), stringAttr("coordinate_transformation_mode", "pytorch_half_pixel")])
        #expect(close(cubic[0], [-0.09375]))
        // tf_crop_and_resize: nearest inside the region, extrapolation_value outside the input.
        let roi = Tensor(shape: [8], floats: [0, 0, 0, 0.5, 1, 1, 1, 1.5])
        let sizes = Tensor(shape: [4], int64s: [1, 1, 1, 3])
        var extrapolation = Onnx_AttributeProto(); extrapolation.name = "extrapolation_value"; extrapolation.type = .float; extrapolation.f = -1
        let crop = try runNode("Resize", opset: 19, [x, roi, nil, sizes],
                               attributes: [stringAttr("coordinate_transformation_mode", "tf_crop_and_resize"), extrapolation])
        #expect(close(crop[0], [1, 9, -1]))
        let nanRoi = Tensor(shape: [8], floats: [0, 0, 0, .nan, 1, 1, 1, .nan])
        _ = try runNode("Resize", opset: 19, [x, nanRoi, nil, sizes], attributes: [stringAttr("coordinate_transformation_mode", "tf_crop_and_resize")])
        let ints = Tensor(shape: [1, 1, 1, 4], int64s: [0, 1, 4, 9])
        #expect(throws: RuntimeError.self) {
            try runNode("Resize", opset: 19, [ints, roi, nil, sizes], attributes: [stringAttr("coordinate_transformation_mode", "tf_crop_and_resize")])
        }
        #expect(throws: RuntimeError.self) {   // roi must cover the resized axes
            try runNode("Resize", opset: 19, [x, Tensor(shape: [2], floats: [0, 1]), nil, sizes],
                        attributes: [stringAttr("coordinate_transformation_mode", "tf_crop_and_resize")])
        }
        // antialias: linear downsampling by 2 widens the triangle to 4 taps.
        let aa = try runNode("Resize", opset: 19, [x, nil, nil, Tensor(shape: [4], int64s: [1, 1, 1, 2])],
                             attributes: [stringAttr("mode", "linear"), intAttr("antialias", 1)])
        #expect(close(aa[0], [0.875, 6.125]))
        #expect(throws: RuntimeError.self) { try runNode("Resize", opset: 19, [x, nil, Tensor(shape: [4], floats: [1, 1, 1, 0.5])], attributes: [intAttr("antialias", 1)]) }
    }
}
