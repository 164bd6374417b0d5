import OnnxFormat
import Testing
@testable import Runtime

@Suite struct BitShiftTests {
    @Test(arguments: OpFixtures.cases("Math/BitShift"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func signedShiftsFollowTheReference() throws {
        let x = Tensor(uncheckedType: .int64, shape: [4], storage: .int64([-8, -8, 5, Int64.min]))
        let y = Tensor(uncheckedType: .int64, shape: [4], storage: .int64([1, 64, -1, 1]))
        let right = try runNode("BitShift", opset: 11, [x, y], attributes: [stringAttr("direction", "RIGHT")])[0]
        #expect(right.storage == .int64([-4, -1, 0, Int64.min / 2]))
        let left = try runNode("BitShift", opset: 11, [x, y], attributes: [stringAttr("direction", "LEFT")])[0]
        #expect(left.storage == .int64([-16, 0, 0, 0]))
        let u = Tensor(uncheckedType: .uint16, shape: [2], storage: .uint16([0x8001, 3]))
        let s = Tensor(uncheckedType: .uint16, shape: [2], storage: .uint16([1, 16]))
        #expect(try runNode("BitShift", opset: 11, [u, s], attributes: [stringAttr("direction", "LEFT")])[0].storage == .uint16([2, 0]))
    }
}
