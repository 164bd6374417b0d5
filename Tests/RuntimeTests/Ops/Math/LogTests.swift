import OnnxFormat
import Testing
@testable import Runtime

@Suite struct LogTests {
    @Test(arguments: OpFixtures.cases("Math/Log"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
