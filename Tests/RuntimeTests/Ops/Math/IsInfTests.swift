import OnnxFormat
import Testing
@testable import Runtime

@Suite struct IsInfTests {
    @Test(arguments: OpFixtures.cases("Math/IsInf"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
