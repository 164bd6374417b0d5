import OnnxFormat
import Testing
@testable import Runtime

@Suite struct MinTests {
    @Test(arguments: OpFixtures.cases("Math/Min"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
