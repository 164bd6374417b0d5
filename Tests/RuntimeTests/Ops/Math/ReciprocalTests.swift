import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReciprocalTests {
    @Test(arguments: OpFixtures.cases("Math/Reciprocal"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
