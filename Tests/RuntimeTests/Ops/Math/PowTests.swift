import OnnxFormat
import Testing
@testable import Runtime

@Suite struct PowTests {
    @Test(arguments: OpFixtures.cases("Math/Pow"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func floatBaseUInt64Exponent() throws {
        let y = Tensor(uncheckedType: .uint64, shape: [3], storage: .uint64([4, 5, 6]))
        #expect(y.asDoubles() == [4, 5, 6])   // widened by value, not by bit pattern
        let z = try runNode("Pow", opset: 15, [Tensor(shape: [3], floats: [1, 2, 3]), y])[0]
        #expect(z.floats == [1, 32, 729])
    }
}
