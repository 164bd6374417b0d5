import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceLogSumExpTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceLogSumExp"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
