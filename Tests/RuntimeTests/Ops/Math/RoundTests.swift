import OnnxFormat
import Testing
@testable import Runtime

@Suite struct RoundTests {
    @Test(arguments: OpFixtures.cases("Math/Round"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    /// float16 rounds in float: 2.5 -> 2, 3.5 -> 4 (half to even).
    @Test func float16HalfToEven() throws {
        let x = Tensor(uncheckedType: .float16, shape: [2], storage: .bits16([Float(2.5).float16Bits, Float(3.5).float16Bits]))
        let y = try runNode("Round", [x])
        #expect(y[0].asDoubles() == [2, 4])
    }
}
