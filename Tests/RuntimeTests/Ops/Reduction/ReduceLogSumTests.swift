import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceLogSumTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceLogSum"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
