import OnnxFormat
import Testing
@testable import Runtime

@Suite struct FloorTests {
    @Test(arguments: OpFixtures.cases("Math/Floor"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
