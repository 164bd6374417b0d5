import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SpaceToDepthTests {
    @Test(arguments: OpFixtures.cases("Tensor/SpaceToDepth"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func modesInvertDepthToSpace() throws {
        let x = Tensor(shape: [1, 2, 4, 6], floats: (0..<48).map(Float.init))
        for mode in ["DCR", "CRD"] {
            let attrs = [intAttr("blocksize", 2), stringAttr("mode", mode)]
            let y = try runNode("SpaceToDepth", opset: 28, [x], attributes: attrs)[0]
            #expect(y.shape == [1, 8, 2, 3])
            #expect(try runNode("DepthToSpace", opset: 13, [y], attributes: attrs)[0] == x)
        }
        #expect(throws: RuntimeError.self) {
            try runNode("SpaceToDepth", opset: 28, [x], attributes: [intAttr("blocksize", 2), stringAttr("mode", "XYZ")])
        }
    }
}
