import OnnxFormat
import Testing
@testable import Runtime

@Suite struct SinTests {
    @Test(arguments: OpFixtures.cases("Math/Sin"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
