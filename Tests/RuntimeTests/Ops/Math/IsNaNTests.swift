import OnnxFormat
import Testing
@testable import Runtime

@Suite struct IsNaNTests {
    @Test(arguments: OpFixtures.cases("Math/IsNaN"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
