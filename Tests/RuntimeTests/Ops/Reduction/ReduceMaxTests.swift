import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceMaxTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceMax"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
