import OnnxFormat
import Testing
@testable import Runtime

@Suite struct BitShiftTests {
    @Test(arguments: OpFixtures.cases("Math/BitShift"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
