import OnnxFormat
import Testing
@testable import Runtime

@Suite struct MaxTests {
    @Test(arguments: OpFixtures.cases("Math/Max"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
