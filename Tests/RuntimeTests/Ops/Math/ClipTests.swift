import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ClipTests {
    @Test(arguments: OpFixtures.cases("Math/Clip"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
