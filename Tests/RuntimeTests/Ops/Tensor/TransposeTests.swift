import OnnxFormat
import Testing
@testable import Runtime

@Suite struct TransposeTests {
    @Test(arguments: OpFixtures.cases("Tensor/Transpose"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test(arguments: [[0, 0, 1], [0, 1], [0, 1, 3]])
    func invalidPermThrows(_ perm: [Int]) {
        let x = Tensor(shape: [1, 2, 3], floats: [1, 2, 3, 4, 5, 6])
        #expect(throws: RuntimeError.self) { try runNode("Transpose", [x], attributes: [intsAttr("perm", perm)]) }
    }

    /// Hand-computed 2x3 transpose of bool.
    @Test func boolTranspose() throws {
        let x = Tensor(uncheckedType: .bool, shape: [2, 3], storage: .bool([true, false, false, false, true, true]))
        let y = try runNode("Transpose", [x])
        #expect(y[0].storage == .bool([true, false, false, true, false, true]))
    }
}
