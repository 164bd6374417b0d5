import OnnxFormat
import Testing
@testable import Runtime

@Suite struct AbsTests {
    @Test(arguments: OpFixtures.cases("Math/Abs"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
