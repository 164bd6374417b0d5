import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SqrtTests {
    @Test(arguments: OpFixtures.cases("Math/Sqrt"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
