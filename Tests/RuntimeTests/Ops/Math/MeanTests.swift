import OnnxFormat
import Testing
@testable import Runtime

@Suite struct MeanTests {
    @Test(arguments: OpFixtures.cases("Math/Mean"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
