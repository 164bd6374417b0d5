import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceMinTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceMin"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
